import { deepEqual, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getPolicyDocument } from "./get_policy_document.ts";

const ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

Deno.test("iam_get_policy_document reads the default version, a given one, or an inline policy", async () => {
  const aws = stubAws({
    iam: {
      getPolicy: () => ({ Policy: { DefaultVersionId: "v7" } }),
      getPolicyVersion: (i: { VersionId: string }) => ({
        PolicyVersion: {
          VersionId: i.VersionId,
          IsDefaultVersion: i.VersionId === "v7",
          Document: encodeURIComponent(JSON.stringify(doc)),
        },
      }),
      getGroupPolicy: () => ({ PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getPolicyDocument] });
  try {
    const latest = await callOk(client, "iam_get_policy_document", { policy_arn: ARN });
    deepEqual([latest.version_id, latest.default_version, latest.document], ["v7", true, doc]);
    const older = await callOk(client, "iam_get_policy_document", {
      policy_arn: ARN,
      version_id: "v2",
    });
    deepEqual([older.version_id, older.default_version], ["v2", false]);
    const inline = await callOk(client, "iam_get_policy_document", {
      kind: "group",
      name: "devs",
      policy_name: "extra",
    });
    deepEqual(inline.document, doc);
    deepEqual(aws.calls.map((c) => c.method), [
      "getPolicy",
      "getPolicyVersion",
      "getPolicyVersion",
      "getGroupPolicy",
    ]);
  } finally {
    await close();
  }
});

Deno.test("iam_get_policy_document wants exactly one way to name the policy", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [getPolicyDocument] });
  try {
    for (const args of [{}, { kind: "user", name: "alice" }]) {
      match(
        text(await call(client, "iam_get_policy_document", args)),
        /^InvalidInput: policy_arn: give either policy_arn, or kind, name and policy_name together/,
      );
    }
    match(
      text(await call(client, "iam_get_policy_document", { policy_arn: "ReadOnlyAccess" })),
      /^InvalidInput: policy_arn: expected a policy ARN/,
    );
  } finally {
    await close();
  }
});
