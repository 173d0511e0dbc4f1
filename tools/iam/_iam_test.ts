import { deepEqual, equal } from "node:assert/strict";
import { daysSince, decodePolicy, keySuffix, trustSummary } from "./_iam.ts";

Deno.test("decodePolicy undoes IAM's URL encoding and keeps non-JSON text", () => {
  deepEqual(decodePolicy(encodeURIComponent('{"Version":"2012-10-17"}')), {
    Version: "2012-10-17",
  });
  deepEqual(decodePolicy('{"a":"100%"}'), { a: "100%" });
  equal(decodePolicy("not json"), "not json");
  equal(decodePolicy(undefined), undefined);
});

Deno.test("trustSummary names services, accounts, federated providers and conditions", () => {
  deepEqual(
    trustSummary({
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] },
          Action: "sts:AssumeRole",
        },
        {
          Effect: "Allow",
          Principal: {
            AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:role/ci"],
          },
          Action: ["sts:AssumeRole", "sts:TagSession"],
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        },
        {
          Effect: "Allow",
          Principal: { Federated: "arn:aws:iam::111122223333:oidc-provider/token.actions" },
          Action: "sts:AssumeRoleWithWebIdentity",
        },
        { Effect: "Deny", Principal: "*", Action: "sts:AssumeRole" },
      ],
    }),
    {
      services: ["ec2.amazonaws.com", "lambda.amazonaws.com"],
      accounts: ["111122223333", "arn:aws:iam::444455556666:role/ci"],
      federated: ["arn:aws:iam::111122223333:oidc-provider/token.actions"],
      conditions: true,
    },
  );
  deepEqual(trustSummary({ Statement: { Effect: "Allow", Principal: "*", Action: "sts:*" } }), {
    accounts: ["*"],
  });
});

Deno.test("keySuffix and daysSince", () => {
  equal(keySuffix("AKIAIOSFODNN7EXAMPLE"), "…MPLE");
  equal(daysSince("2026-01-01T00:00:00Z", Date.parse("2026-01-31T12:00:00Z")), 30);
  equal(daysSince("N/A"), undefined);
});
