import { deepEqual, equal, match } from "node:assert/strict";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { putMetricAlarm } from "./put_metric_alarm.ts";

const inventory = [putMetricAlarm];
const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops";
const ARN = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high";
const args = {
  name: "cpu-high",
  namespace: "AWS/EC2",
  metric: "CPUUtilization",
  dimensions: { InstanceId: "i-0123456789abcdef0" },
  statistic: "Average",
  evaluation_periods: 3,
  datapoints_to_alarm: 2,
  threshold: 80,
  comparison: ">",
  treat_missing_data: "notBreaching",
  alarm_actions: [TOPIC],
  description: "CPU above 80%",
  unit: "Percent",
  tags: { team: "blue" },
};
const expected = {
  AlarmName: "cpu-high",
  Namespace: "AWS/EC2",
  MetricName: "CPUUtilization",
  Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
  Statistic: "Average",
  Period: 300,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 2,
  Threshold: 80,
  ComparisonOperator: "GreaterThanThreshold",
  TreatMissingData: "notBreaching",
  AlarmActions: [TOPIC],
  AlarmDescription: "CPU above 80%",
  Unit: "Percent",
};
const describedNone = { MetricAlarms: [], CompositeAlarms: [] };
const describedExisting = {
  MetricAlarms: [{ AlarmName: "cpu-high", AlarmArn: ARN, StateValue: "OK" }],
};
const lookup = {
  AlarmNames: ["cpu-high"],
  AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
  MaxRecords: 100,
};
const requireTag = { key: "owner", value: "mcp" };

Deno.test("cloudwatch_put_metric_alarm creates a new alarm with its tags and the required one", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => describedNone, putMetricAlarm: () => ({}) },
  });
  const { client, close } = await connect({ allowWrite: true, requireTag }, { aws, inventory });
  try {
    const out = await callOk(client, "cloudwatch_put_metric_alarm", args);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeAlarms", lookup],
      ["putMetricAlarm", {
        ...expected,
        Tags: [{ Key: "team", Value: "blue" }, { Key: "owner", Value: "mcp" }],
      }],
    ]);
    equal(out.action, "created");
    equal(out.alarm_name, "cpu-high");
    equal(out.note, undefined);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_put_metric_alarm maps every comparison and takes extended statistics", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => describedNone, putMetricAlarm: () => ({}) },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (
      const [symbol, name] of [
        [">", "GreaterThanThreshold"],
        [">=", "GreaterThanOrEqualToThreshold"],
        ["<", "LessThanThreshold"],
        ["<=", "LessThanOrEqualToThreshold"],
      ]
    ) {
      await callOk(client, "cloudwatch_put_metric_alarm", {
        name: "latency",
        namespace: "App",
        metric: "Latency",
        extended_statistic: "p99",
        period: 60,
        threshold: 0.5,
        comparison: symbol,
      });
      deepEqual(aws.calls.at(-1)?.input, {
        AlarmName: "latency",
        Namespace: "App",
        MetricName: "Latency",
        ExtendedStatistic: "p99",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 0.5,
        ComparisonOperator: name,
      });
    }
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_put_metric_alarm takes an EC2 action once the user confirms it", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarms: () => describedNone, putMetricAlarm: () => ({}) },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory }, {
    capabilities: { elicitation: {} },
  });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const stop = "arn:aws:automate:us-east-1:ec2:stop";
    await callOk(client, "cloudwatch_put_metric_alarm", {
      ...args,
      tags: undefined,
      alarm_actions: [TOPIC, stop],
      ok_actions: [TOPIC],
      insufficient_data_actions: [TOPIC],
    });
    deepEqual(asked, [
      `1 alarm action on EC2 instance ${args.dimensions.InstanceId}: on ALARM: stop EC2 instance ${args.dimensions.InstanceId} (alarm "cpu-high") in us-east-1. This cannot be undone.`,
    ]);
    const sent = aws.calls.at(-1)?.input as Record<string, unknown>;
    deepEqual(sent.AlarmActions, [TOPIC, stop]);
    deepEqual(sent.OKActions, [TOPIC]);
    deepEqual(sent.InsufficientDataActions, [TOPIC]);
    equal(sent.Tags, undefined);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_put_metric_alarm updates an alarm carrying the required tag, without tags", async () => {
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => describedExisting,
      listTagsForResource: () => ({ Tags: [{ Key: "owner", Value: "mcp" }] }),
      putMetricAlarm: () => ({}),
    },
  });
  const { client, close } = await connect({ allowWrite: true, requireTag }, { aws, inventory });
  try {
    const out = await callOk(client, "cloudwatch_put_metric_alarm", args);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeAlarms", lookup],
      ["listTagsForResource", { ResourceARN: ARN }],
      ["putMetricAlarm", expected],
    ]);
    equal(out.action, "updated");
    equal(
      out.note,
      "tags apply on create only: the alarm's existing tags were left as they are",
    );
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_put_metric_alarm refuses to update an alarm without the required tag", async () => {
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => describedExisting,
      listTagsForResource: () => ({ Tags: [{ Key: "owner", Value: "someone-else" }] }),
      putMetricAlarm: () => ({}),
    },
  });
  const { client, close } = await connect({ allowWrite: true, requireTag }, { aws, inventory });
  try {
    const refused = await call(client, "cloudwatch_put_metric_alarm", args);
    equal(refused.isError, true);
    match(text(refused), /^RequiredTagMissing: refused: cpu-high does not carry owner=mcp/);
    deepEqual(aws.calls.map((c) => c.method), ["describeAlarms", "listTagsForResource"]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_put_metric_alarm dry_run says create or update and writes nothing", async () => {
  let described: unknown = describedNone;
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => described,
      listTagsForResource: () => ({ Tags: [] }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const create = await callOk(client, "cloudwatch_put_metric_alarm", { ...args, dry_run: true });
    deepEqual(create.dry_run, {
      would_succeed: true,
      message:
        "the input is valid and would create alarm cpu-high in us-east-1; nothing was changed (CloudWatch has no dry run, so cloudwatch:PutMetricAlarm was not checked)",
    });
    equal(create.action, undefined);
    described = describedExisting;
    const update = await callOk(client, "cloudwatch_put_metric_alarm", { ...args, dry_run: true });
    match(String((update.dry_run as { message: string }).message), /would update alarm cpu-high/);
    const invalid = await callOk(client, "cloudwatch_put_metric_alarm", {
      ...args,
      period: 90,
      dry_run: true,
    });
    deepEqual(invalid.dry_run, {
      would_succeed: false,
      message: "InvalidInput: period: 90 is not 10, 20, 30 or a multiple of 60",
    });
    deepEqual(aws.calls.map((c) => c.method), ["describeAlarms", "describeAlarms"]);
  } finally {
    await close();
  }
  // Under --require-tag the dry run of an update reports the refusal instead of failing.
  const tagged = stubAws({
    cloudwatch: {
      describeAlarms: () => describedExisting,
      listTagsForResource: () => ({ Tags: [] }),
    },
  });
  const guarded = await connect({ allowWrite: true, requireTag }, { aws: tagged, inventory });
  try {
    const refused = await callOk(guarded.client, "cloudwatch_put_metric_alarm", {
      ...args,
      dry_run: true,
    });
    equal((refused.dry_run as { would_succeed: boolean }).would_succeed, false);
    match(
      String((refused.dry_run as { message: string }).message),
      /^RequiredTagMissing: refused: cpu-high does not carry owner=mcp$/,
    );
    deepEqual(tagged.calls.map((c) => c.method), ["describeAlarms", "listTagsForResource"]);
  } finally {
    await guarded.close();
  }
});

Deno.test("cloudwatch_put_metric_alarm names the field of bad input and calls nothing", async () => {
  const aws = stubAws({ cloudwatch: { describeAlarms: () => describedNone } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ alarm_actions: ["ops-topic"] }, /^InvalidInput: alarm_actions\.0: expected an ARN/],
      [{ comparison: "gt" }, /^InvalidInput: comparison: /],
      [{ unit: "Percents" }, /^InvalidInput: unit: expected a CloudWatch unit/],
      [{ extended_statistic: "p99" }, /^InvalidInput: statistic: give exactly one of/],
      [{ statistic: undefined }, /^InvalidInput: statistic: give exactly one of/],
      [{ period: 45 }, /^InvalidInput: period: 45 is not 10, 20, 30 or a multiple of 60/],
      [{ period: 60, evaluation_periods: 1441 }, /^InvalidInput: evaluation_periods: /],
      [{ datapoints_to_alarm: 4 }, /^InvalidInput: datapoints_to_alarm: 4 exceeds/],
      [{ tags: { "aws:x": "y" } }, /^InvalidInput: tags: keys starting with aws: are reserved/],
      [{ threshold: "80" }, /^InvalidInput: threshold: /],
    ];
    for (const [change, expected] of cases) {
      const result = await call(client, "cloudwatch_put_metric_alarm", { ...args, ...change });
      equal(result.isError, true, JSON.stringify(change));
      match(text(result), expected);
    }
    deepEqual(aws.calls, []);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_put_metric_alarm will not overwrite a composite alarm", async () => {
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => ({
        CompositeAlarms: [{ AlarmName: "cpu-high", AlarmRule: 'ALARM("x")' }],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const result = await call(client, "cloudwatch_put_metric_alarm", args);
    match(text(result), /^InvalidInput: name: cpu-high is a composite alarm/);
    deepEqual(aws.calls.map((c) => c.method), ["describeAlarms"]);
  } finally {
    await close();
  }
});
