import { deepEqual, equal, match, ok } from "node:assert/strict";
import { iamTools } from "../../tools/iam/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { motoIam } from "./_s3_iam.ts";

// moto's IAM is account-wide: everything this file makes lives under its own path and carries its
// run id in its name, and assertions look only at those.
const RUN = crypto.randomUUID().slice(0, 8);
const PATH = `/aws-mcp-${RUN}/`;
const REGION = "eu-north-1";
const ACCOUNT = "123456789012";

const trust = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": "x" } },
    },
  ],
};
const readBuckets = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
};

motoTest(
  "iam tools describe users, roles, groups, policies and stale credentials",
  async (endpoint, t) => {
    const iam = await motoIam(endpoint);
    const alice = `alice-${RUN}`, bob = `bob-${RUN}`, role = `app-${RUN}`, group = `devs-${RUN}`;
    await iam.createUser({ UserName: alice, Path: PATH, Tags: [{ Key: "team", Value: "web" }] });
    await iam.createUser({ UserName: bob, Path: PATH });
    await iam.createLoginProfile({ UserName: alice, Password: "Correct-Horse-9" });
    const key = (await iam.createAccessKey({ UserName: alice })).AccessKey?.AccessKeyId ?? "";
    await iam.createGroup({ GroupName: group, Path: PATH });
    await iam.addUserToGroup({ GroupName: group, UserName: alice });
    const policyArn = (await iam.createPolicy({
      PolicyName: `read-buckets-${RUN}`,
      Path: PATH,
      PolicyDocument: JSON.stringify(readBuckets),
    })).Policy?.Arn ?? "";
    await iam.attachUserPolicy({ UserName: alice, PolicyArn: policyArn });
    await iam.putUserPolicy({
      UserName: alice,
      PolicyName: "inline-logs",
      PolicyDocument: JSON.stringify(readBuckets),
    });
    await iam.createRole({
      RoleName: role,
      Path: PATH,
      AssumeRolePolicyDocument: JSON.stringify(trust),
      MaxSessionDuration: 7200,
    });
    await iam.attachRolePolicy({ RoleName: role, PolicyArn: policyArn });
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [...iamTools] });
    try {
      await t.step("iam_list_users: console, MFA, key suffix and age, groups", async () => {
        const out = await callOk<{ users: Record<string, unknown>[] }>(client, "iam_list_users", {
          path_prefix: PATH,
        });
        const byName = Object.fromEntries(out.users.map((u) => [u.name, u]));
        deepEqual(Object.keys(byName).sort(), [alice, bob]);
        const a = byName[alice] as Record<string, unknown>;
        equal(a.console, true);
        equal(a.mfa, false);
        deepEqual(a.groups, [group]);
        const keys = a.access_keys as Record<string, unknown>[];
        deepEqual(keys.map((k) => [k.id, k.status, k.age_days]), [[
          `…${key.slice(-4)}`,
          "Active",
          0,
        ]]);
        ok(!JSON.stringify(out).includes(key), "the whole key id never appears");
        equal((byName[bob] as Record<string, unknown>).console, false);
      });

      await t.step(
        "iam_list_users takes the shared fields and group_by, and no regions",
        async () => {
          const slim = await callOk<{ users: Record<string, unknown>[] }>(
            client,
            "iam_list_users",
            {
              path_prefix: PATH,
              fields: ["console"],
            },
          );
          deepEqual(
            slim.users.map((u) => Object.keys(u).sort()).sort(),
            [["console", "name"], ["console", "name"]],
          );
          const grouped = await callOk<{ groups: Record<string, unknown>[] }>(
            client,
            "iam_list_users",
            { path_prefix: PATH, group_by: ["console"] },
          );
          deepEqual(
            grouped.groups.map((g) => [g.console, g.count]).sort(),
            [[false, 1], [true, 1]],
          );
          match(
            text(await call(client, "iam_list_users", { regions: ["all"] })),
            /^InvalidInput: .*regions/,
          );
        },
      );

      await t.step("iam_list_roles summarises who can assume each role", async () => {
        const out = await callOk<{ roles: Record<string, unknown>[] }>(client, "iam_list_roles", {
          path_prefix: PATH,
        });
        deepEqual(out.roles.map((r) => [r.name, r.trusted, r.max_session_hours, r.path]), [[
          role,
          { services: ["lambda.amazonaws.com"], accounts: ["111122223333"], conditions: true },
          2,
          PATH,
        ]]);
      });

      await t.step("iam_describe_principal: a user, a role and a group", async () => {
        const user = await callOk<Record<string, unknown>>(client, "iam_describe_principal", {
          kind: "user",
          name: alice,
        });
        equal(user.arn, `arn:aws:iam::${ACCOUNT}:user${PATH}${alice}`);
        deepEqual(user.attached_policies, [{ name: `read-buckets-${RUN}`, arn: policyArn }]);
        deepEqual(user.inline_policies, ["inline-logs"]);
        deepEqual(user.groups, [group]);
        deepEqual(user.tags, { team: "web" });
        const r = await callOk<Record<string, unknown>>(client, "iam_describe_principal", {
          kind: "role",
          name: role,
        });
        deepEqual(r.trust_policy, trust);
        deepEqual(r.inline_policies, []);
        const g = await callOk<Record<string, unknown>>(client, "iam_describe_principal", {
          kind: "group",
          name: group,
        });
        deepEqual(g.members, [alice]);
        const missing = await call(client, "iam_describe_principal", {
          kind: "role",
          name: `x-${RUN}`,
        });
        match(text(missing), /^NoSuchEntity/);
      });

      await t.step("iam_get_policy_document: managed default version and inline", async () => {
        const managed = await callOk<Record<string, unknown>>(client, "iam_get_policy_document", {
          policy_arn: policyArn,
        });
        equal(managed.version_id, "v1");
        equal(managed.default_version, true);
        deepEqual(managed.document, readBuckets);
        const inline = await callOk<Record<string, unknown>>(client, "iam_get_policy_document", {
          kind: "user",
          name: alice,
          policy_name: "inline-logs",
        });
        deepEqual(inline.document, readBuckets);
        const both = await call(client, "iam_get_policy_document", {
          policy_arn: policyArn,
          kind: "user",
        });
        match(text(both), /^InvalidInput: policy_arn: give either policy_arn, or kind, name/);
      });

      await t.step("iam_list_policies: customer-managed with attachment counts", async () => {
        const out = await callOk<{ policies: Record<string, unknown>[] }>(
          client,
          "iam_list_policies",
          { path_prefix: PATH },
        );
        deepEqual(out.policies.map((p) => [p.name, p.arn, p.attachments, p.default_version]), [
          [`read-buckets-${RUN}`, policyArn, 2, "v1"],
        ]);
        // moto loads no AWS-managed policies unless told to: scope aws only leaves ours out.
        const aws = await callOk<{ policies: { arn: string }[] }>(client, "iam_list_policies", {
          scope: "aws",
          max_results: 200,
        });
        ok(!aws.policies.some((p) => p.arn === policyArn));
        const attached = await callOk<{ policies: { arn: string }[] }>(
          client,
          "iam_list_policies",
          { scope: "all", attached_only: true, path_prefix: PATH },
        );
        deepEqual(attached.policies.map((p) => p.arn), [policyArn]);
      });

      await t.step("iam_find_stale_credentials flags console users without MFA", async () => {
        const out = await callOk<{ findings: Record<string, unknown>[] }>(
          client,
          "iam_find_stale_credentials",
          { max_results: 200 },
        );
        const mine = out.findings.filter((f) => f.user === alice || f.user === bob);
        // Fresh keys and a fresh login are not stale; a console password without MFA is.
        deepEqual(mine, [{ user: alice, finding: "console_no_mfa" }]);
      });
    } finally {
      await close();
      await iam.detachRolePolicy({ RoleName: role, PolicyArn: policyArn }).catch(() => {});
      await iam.deleteRole({ RoleName: role }).catch(() => {});
      await iam.detachUserPolicy({ UserName: alice, PolicyArn: policyArn }).catch(() => {});
      await iam.deleteUserPolicy({ UserName: alice, PolicyName: "inline-logs" }).catch(() => {});
      await iam.deletePolicy({ PolicyArn: policyArn }).catch(() => {});
      await iam.removeUserFromGroup({ GroupName: group, UserName: alice }).catch(() => {});
      await iam.deleteGroup({ GroupName: group }).catch(() => {});
      await iam.deleteAccessKey({ UserName: alice, AccessKeyId: key }).catch(() => {});
      await iam.deleteLoginProfile({ UserName: alice }).catch(() => {});
      for (const u of [alice, bob]) await iam.deleteUser({ UserName: u }).catch(() => {});
    }
  },
);
