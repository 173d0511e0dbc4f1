import { deepEqual, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describePrincipal } from "./describe_principal.ts";

Deno.test("iam_describe_principal: a role's policies across pages, trust policy and tags", async () => {
  const aws = stubAws({
    iam: {
      getRole: () => ({
        Role: {
          Arn: "arn:aws:iam::123456789012:role/app",
          AssumeRolePolicyDocument: encodeURIComponent('{"Statement":[]}'),
          PermissionsBoundary: { PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/b" },
          Tags: [{ Key: "team", Value: "core" }],
        },
      }),
      listAttachedRolePolicies: (i: { Marker?: string }) =>
        i.Marker ? { AttachedPolicies: [{ PolicyName: "two", PolicyArn: "arn:2" }] } : {
          AttachedPolicies: [{ PolicyName: "one", PolicyArn: "arn:1" }],
          IsTruncated: true,
          Marker: "m2",
        },
      listRolePolicies: () => ({ PolicyNames: ["inline"] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describePrincipal] });
  try {
    const out = await callOk(client, "iam_describe_principal", { kind: "role", name: "app" });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      kind: "role",
      name: "app",
      arn: "arn:aws:iam::123456789012:role/app",
      attached_policies: [{ name: "one", arn: "arn:1" }, { name: "two", arn: "arn:2" }],
      inline_policies: ["inline"],
      permissions_boundary: "arn:aws:iam::123456789012:policy/b",
      trust_policy: { Statement: [] },
      tags: { team: "core" },
    });
  } finally {
    await close();
  }
});

Deno.test("iam_describe_principal names a bad kind or name", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [describePrincipal] });
  try {
    match(
      text(await call(client, "iam_describe_principal", { kind: "policy", name: "x" })),
      /^InvalidInput: kind: Invalid option: expected one of "user"\|"role"\|"group"/,
    );
    match(
      text(await call(client, "iam_describe_principal", { kind: "user", name: "a b" })),
      /^InvalidInput: name: expected an IAM name/,
    );
  } finally {
    await close();
  }
});
