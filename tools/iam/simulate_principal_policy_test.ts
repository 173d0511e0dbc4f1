import { deepEqual, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { simulatePrincipalPolicy } from "./simulate_principal_policy.ts";

const ROLE = "arn:aws:iam::123456789012:role/app";

Deno.test("iam_simulate_principal_policy reads per-resource decisions and matched statements", async () => {
  const aws = stubAws({
    iam: {
      simulatePrincipalPolicy: () => ({
        EvaluationResults: [
          {
            EvalActionName: "s3:GetObject",
            EvalResourceName: "*",
            EvalDecision: "allowed",
            ResourceSpecificResults: [
              {
                EvalResourceName: "arn:aws:s3:::a/x",
                EvalResourceDecision: "allowed",
                MatchedStatements: [{ SourcePolicyId: "read", SourcePolicyType: "IAM Policy" }],
              },
              {
                EvalResourceName: "arn:aws:s3:::a/secret",
                EvalResourceDecision: "explicitDeny",
                MatchedStatements: [{ SourcePolicyId: "deny", SourcePolicyType: "IAM Policy" }],
              },
            ],
          },
          {
            EvalActionName: "s3:PutObject",
            EvalResourceName: "arn:aws:s3:::a/x",
            EvalDecision: "implicitDeny",
            MissingContextValues: ["aws:SourceIp"],
          },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [simulatePrincipalPolicy] });
  try {
    const out = await callOk<{ results: unknown[] }>(client, "iam_simulate_principal_policy", {
      principal_arn: ROLE,
      actions: ["s3:GetObject", "s3:PutObject"],
      resources: ["arn:aws:s3:::a/x", "arn:aws:s3:::a/secret"],
    });
    deepEqual(out.results, [
      {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::a/x",
        decision: "allowed",
        matched: ["read (IAM Policy)"],
      },
      {
        action: "s3:GetObject",
        resource: "arn:aws:s3:::a/secret",
        decision: "explicit_deny",
        matched: ["deny (IAM Policy)"],
      },
      {
        action: "s3:PutObject",
        resource: "arn:aws:s3:::a/x",
        decision: "implicit_deny",
        missing_context: ["aws:SourceIp"],
      },
    ]);
    deepEqual(aws.calls[0]?.input, {
      PolicySourceArn: ROLE,
      ActionNames: ["s3:GetObject", "s3:PutObject"],
      ResourceArns: ["arn:aws:s3:::a/x", "arn:aws:s3:::a/secret"],
    });
  } finally {
    await close();
  }
});

Deno.test("iam_simulate_principal_policy names bad actions and too many of them", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [simulatePrincipalPolicy],
  });
  try {
    match(
      text(
        await call(client, "iam_simulate_principal_policy", {
          principal_arn: ROLE,
          actions: ["GetObject"],
        }),
      ),
      /^InvalidInput: actions\.0: expected an action like s3:GetObject/,
    );
    match(
      text(
        await call(client, "iam_simulate_principal_policy", {
          principal_arn: ROLE,
          actions: Array.from({ length: 21 }, () => "s3:GetObject"),
        }),
      ),
      /^InvalidInput: actions: Too big/,
    );
  } finally {
    await close();
  }
});
