import { deepEqual } from "node:assert/strict";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { describeLogGroups } from "./describe_log_groups.ts";

Deno.test("logs_describe_log_groups renders retention, never_expires, class and KMS", async () => {
  const aws = stubAws({
    logs: {
      describeLogGroups: () => ({
        logGroups: [
          {
            logGroupName: "/aws/lambda/api",
            retentionInDays: 30,
            storedBytes: 2048,
            logGroupClass: "STANDARD",
            kmsKeyId: "arn:aws:kms:us-east-1:1:key/k",
            creationTime: Date.parse("2025-01-01T00:00:00Z"),
          },
          { logGroupName: "/app/forever", storedBytes: 0, logGroupClass: "INFREQUENT_ACCESS" },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeLogGroups] });
  try {
    const out = await callOk<{ log_groups: unknown[] }>(client, "logs_describe_log_groups", {
      prefix: "/a",
    });
    deepEqual(out.log_groups, [
      {
        name: "/aws/lambda/api",
        retention_days: 30,
        stored_bytes: 2048,
        class: "STANDARD",
        kms_key: "arn:aws:kms:us-east-1:1:key/k",
        created: "2025-01-01T00:00:00.000Z",
      },
      { name: "/app/forever", never_expires: true, stored_bytes: 0, class: "INFREQUENT_ACCESS" },
    ]);
    deepEqual(aws.calls[0]?.input, { logGroupNamePrefix: "/a", limit: 50 });
  } finally {
    await close();
  }
});
