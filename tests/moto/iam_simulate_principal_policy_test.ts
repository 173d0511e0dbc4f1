import { deepEqual, equal, match } from "node:assert/strict";
import { iamTools } from "../../tools/iam/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { startIamSimulatorStandIn } from "../_iam_standin.ts";

// moto has no policy simulator: SimulatePrincipalPolicy goes to a local stand-in that speaks
// IAM's query protocol (form-encoded POST, XML answer) and evaluates identity policies; STS (the
// account id of every result) is forwarded to moto.
const ROLE = "arn:aws:iam::123456789012:role/app";
const BUCKET = "arn:aws:s3:::reports";

motoTest(
  "iam_simulate_principal_policy answers allowed, explicit and implicit deny per pair",
  async (endpoint) => {
    const standIn = startIamSimulatorStandIn({
      [ROLE]: {
        "read-reports": [
          { Effect: "Allow", Action: ["s3:Get*", "s3:ListBucket"], Resource: [`${BUCKET}*`] },
        ],
        "no-secrets": [{ Effect: "Deny", Action: "s3:GetObject", Resource: `${BUCKET}/secret/*` }],
      },
    }, { forwardTo: endpoint, pageSize: 2 });
    const { client, close } = await connectMoto(standIn.url, "eu-west-3", {}, {
      inventory: [...iamTools],
    });
    try {
      const out = await callOk<{ account: string; results: Record<string, unknown>[] }>(
        client,
        "iam_simulate_principal_policy",
        {
          principal_arn: ROLE,
          actions: ["s3:GetObject", "s3:PutObject"],
          resources: [`${BUCKET}/q1.csv`, `${BUCKET}/secret/keys.txt`],
        },
      );
      equal(out.account, "123456789012");
      deepEqual(out.results, [
        {
          action: "s3:GetObject",
          resource: `${BUCKET}/q1.csv`,
          decision: "allowed",
          matched: ["read-reports (IAM Policy)"],
        },
        {
          action: "s3:GetObject",
          resource: `${BUCKET}/secret/keys.txt`,
          decision: "explicit_deny",
          matched: ["no-secrets (IAM Policy)"],
        },
        { action: "s3:PutObject", resource: `${BUCKET}/q1.csv`, decision: "implicit_deny" },
        {
          action: "s3:PutObject",
          resource: `${BUCKET}/secret/keys.txt`,
          decision: "implicit_deny",
        },
      ]);
      // Four results at two per page: the tool followed the Marker.
      equal(standIn.simulations.length, 2);
      equal(standIn.simulations[1]?.get("Marker"), "2");
      const star = await callOk<{ results: Record<string, unknown>[] }>(
        client,
        "iam_simulate_principal_policy",
        { principal_arn: ROLE, actions: ["ec2:RunInstances"] },
      );
      deepEqual(star.results, [{
        action: "ec2:RunInstances",
        resource: "*",
        decision: "implicit_deny",
      }]);
      const unknown = await call(client, "iam_simulate_principal_policy", {
        principal_arn: "arn:aws:iam::123456789012:role/ghost",
        actions: ["s3:GetObject"],
      });
      match(text(unknown), /^NoSuchEntity: The principal .*ghost cannot be found/);
      const bad = await call(client, "iam_simulate_principal_policy", {
        principal_arn: "app",
        actions: ["GetObject"],
      });
      match(text(bad), /^InvalidInput: principal_arn: expected a user, role or group ARN/);
    } finally {
      await close();
      await standIn.close();
    }
  },
);
