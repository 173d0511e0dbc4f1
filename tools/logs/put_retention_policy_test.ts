import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { putRetentionPolicy } from "./put_retention_policy.ts";

const inventory = [putRetentionPolicy];
const group = (retentionInDays?: number) => ({
  logGroups: [{
    logGroupName: "/app",
    logGroupArn: "arn:aws:logs:us-east-1:1:log-group:/app",
    ...(retentionInDays ? { retentionInDays } : {}),
  }],
});

Deno.test("logs_put_retention_policy lengthens without asking and names an unknown group", async () => {
  const aws = stubAws({
    logs: { describeLogGroups: () => group(7), putRetentionPolicy: () => ({}) },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "logs_put_retention_policy", { log_group: "/app", days: 90 });
    deepEqual(out.retention_days, { from: 7, to: 90 });
    equal(out.deletes_events_before, undefined);
    deepEqual(aws.calls.at(-1)?.input, { logGroupName: "/app", retentionInDays: 90 });
    const missing = await call(client, "logs_put_retention_policy", {
      log_group: "/nope",
      days: 90,
    });
    match(text(missing), /^ResourceNotFoundException: log group \/nope does not exist/);
  } finally {
    await close();
  }
});

Deno.test("logs_put_retention_policy refuses to shorten in write mode, without writing", async () => {
  const aws = stubAws({
    logs: { describeLogGroups: () => group(), putRetentionPolicy: () => ({}) },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const refused = await call(client, "logs_put_retention_policy", {
      log_group: "/app",
      days: 3653,
    });
    match(text(refused), /^ModeRequired: shortening retention of \/app needs destructive mode/);
    deepEqual(aws.calls.map((c) => c.method), ["describeLogGroups"]);
  } finally {
    await close();
  }
});
