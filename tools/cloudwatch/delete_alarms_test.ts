import { deepEqual, equal, match } from "node:assert/strict";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { deleteAlarms } from "./delete_alarms.ts";

const inventory = [deleteAlarms];
const arn = (name: string) => `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`;
const described = {
  MetricAlarms: [
    { AlarmName: "disk-full", AlarmArn: arn("disk-full"), StateValue: "OK" },
    { AlarmName: "cpu-high", AlarmArn: arn("cpu-high"), StateValue: "ALARM" },
  ],
  CompositeAlarms: [],
};
const lookup = (names: string[]) => ({
  AlarmNames: names,
  AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
  MaxRecords: 100,
});

async function withElicitation(
  action: "accept" | "decline" | "cancel",
  aws: ReturnType<typeof stubAws>,
  config: Parameters<typeof connect>[0] = {},
) {
  const asked: string[] = [];
  const connected = await connect({ allowDestructive: true, ...config }, { aws, inventory }, {
    capabilities: { elicitation: {} },
  });
  connected.client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return action === "accept" ? { action, content: { confirm: true } } : { action };
  });
  return { ...connected, asked };
}

Deno.test("cloudwatch_delete_alarms confirms naming each alarm and its state, then deletes", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => described, deleteAlarms: () => ({}) },
  });
  const { client, close, asked } = await withElicitation("accept", aws);
  try {
    const out = await callOk(client, "cloudwatch_delete_alarms", {
      alarm_names: ["cpu-high", "disk-full"],
    });
    deepEqual(asked, [
      "Delete 2 alarms: cpu-high (ALARM), disk-full (OK) in us-east-1. This cannot be undone.",
    ]);
    // Guards and question, the same again in the answer's round, then the guards before deleting.
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ...Array(5).fill(["describeAlarms", lookup(["cpu-high", "disk-full"])]),
      ["deleteAlarms", { AlarmNames: ["cpu-high", "disk-full"] }],
    ]);
    equal(out.confirmation, "accepted");
    deepEqual(out.deleted, ["cpu-high", "disk-full"]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_delete_alarms declined deletes nothing and says what it would have done", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => described, deleteAlarms: () => ({}) },
  });
  const { client, close } = await withElicitation("decline", aws);
  try {
    const out = await callOk(client, "cloudwatch_delete_alarms", { alarm_names: ["cpu-high"] });
    equal(out.confirmation, "declined");
    equal(out.message, "Nothing was changed: the user declined (Delete 1 alarm: cpu-high (ALARM))");
    // Guards and question, then the same again in the answer's round; nothing deleted.
    deepEqual(aws.calls.map((c) => c.method), Array(4).fill("describeAlarms"));
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_delete_alarms refuses unknown names, listing them, before asking or deleting", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => described, deleteAlarms: () => ({}) },
  });
  const { client, close, asked } = await withElicitation("accept", aws);
  try {
    const refused = await call(client, "cloudwatch_delete_alarms", {
      alarm_names: ["cpu-high", "gone-1", "gone-2"],
    });
    equal(refused.isError, true);
    equal(
      text(refused),
      "ResourceNotFound: no such alarms in us-east-1: gone-1, gone-2 — check the names with cloudwatch_describe_alarms (names are case-sensitive), then retry; nothing was changed",
    );
    deepEqual(asked, []);
    deepEqual(aws.calls.map((c) => c.method), ["describeAlarms"]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_delete_alarms under --require-tag refuses untagged alarms before asking", async () => {
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => described,
      listTagsForResource: (input: { ResourceARN: string }) => ({
        Tags: input.ResourceARN === arn("cpu-high") ? [{ Key: "owner", Value: "mcp" }] : [],
      }),
      deleteAlarms: () => ({}),
    },
  });
  const { client, close, asked } = await withElicitation("accept", aws, {
    requireTag: { key: "owner", value: "mcp" },
  });
  try {
    const refused = await call(client, "cloudwatch_delete_alarms", {
      alarm_names: ["cpu-high", "disk-full"],
    });
    match(text(refused), /^RequiredTagMissing: refused: disk-full does not carry owner=mcp/);
    deepEqual(asked, []);
    deepEqual(
      aws.calls.filter((c) => c.method === "listTagsForResource").map((c) => c.input).sort(
        (a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1,
      ),
      [{ ResourceARN: arn("cpu-high") }, { ResourceARN: arn("disk-full") }],
    );
    equal(aws.calls.some((c) => c.method === "deleteAlarms"), false);
    const allowed = await callOk(client, "cloudwatch_delete_alarms", { alarm_names: ["cpu-high"] });
    deepEqual(allowed.deleted, ["cpu-high"]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_delete_alarms dry_run asks nobody, checks the names and deletes nothing", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => described, deleteAlarms: () => ({}) },
  });
  const { client, close, asked } = await withElicitation("accept", aws);
  try {
    const out = await callOk(client, "cloudwatch_delete_alarms", {
      alarm_names: ["disk-full"],
      dry_run: true,
    });
    deepEqual(out.dry_run, {
      would_succeed: true,
      message:
        "would delete 1 alarm: disk-full (OK); nothing was changed (CloudWatch has no dry run, so cloudwatch:DeleteAlarms was not checked)",
    });
    const unknown = await callOk(client, "cloudwatch_delete_alarms", {
      alarm_names: ["nope"],
      dry_run: true,
    });
    deepEqual(unknown.dry_run, {
      would_succeed: false,
      message: "ResourceNotFound: no such alarm in us-east-1: nope",
    });
    deepEqual(asked, []);
    deepEqual(aws.calls.map((c) => c.method), ["describeAlarms", "describeAlarms"]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_delete_alarms names the field of bad input", async () => {
  const aws = stubAws({ cloudwatch: {} });
  const { client, close } = await withElicitation("accept", aws);
  try {
    match(
      text(await call(client, "cloudwatch_delete_alarms", { alarm_names: [] })),
      /^InvalidInput: alarm_names: /,
    );
    const tooMany = Array.from({ length: 101 }, (_, i) => `a-${i}`);
    match(
      text(await call(client, "cloudwatch_delete_alarms", { alarm_names: tooMany })),
      /^InvalidInput: alarm_names: /,
    );
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
