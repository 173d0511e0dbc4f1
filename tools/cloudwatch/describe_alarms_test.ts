import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeAlarms } from "./describe_alarms.ts";

const inventory = [describeAlarms];
const TOPIC = "arn:aws:sns:us-east-1:123456789012:ops-pager";
const since = new Date("2025-01-02T03:04:05Z");

const cpu = {
  AlarmName: "cpu-high",
  AlarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:cpu-high",
  StateValue: "ALARM",
  StateReason: "Threshold Crossed: 3 datapoints [91.0, 95.2, 88.1] were greater than the threshold",
  StateUpdatedTimestamp: since,
  Namespace: "AWS/EC2",
  MetricName: "CPUUtilization",
  Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
  Statistic: "Average",
  Period: 300,
  EvaluationPeriods: 3,
  Threshold: 80,
  ComparisonOperator: "GreaterThanThreshold",
  AlarmActions: [TOPIC],
  OKActions: [TOPIC],
  InsufficientDataActions: [],
  ActionsEnabled: true,
};
const disk = {
  AlarmName: "disk-full",
  StateValue: "OK",
  Namespace: "CWAgent",
  MetricName: "disk_used_percent",
  ExtendedStatistic: "p99",
  Period: 60,
  EvaluationPeriods: 5,
  DatapointsToAlarm: 2,
  Threshold: 90,
  ComparisonOperator: "GreaterThanOrEqualToThreshold",
  ActionsEnabled: false,
};
const composite = {
  AlarmName: "service-down",
  StateValue: "INSUFFICIENT_DATA",
  AlarmRule: 'ALARM("cpu-high") OR ALARM("disk-full")',
  AlarmActions: ["arn:aws:lambda:us-east-1:123456789012:function:heal"],
};

Deno.test("cloudwatch_describe_alarms sends every filter and renders compact rows", async () => {
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => ({ MetricAlarms: [cpu, disk], CompositeAlarms: [composite] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk(client, "cloudwatch_describe_alarms", {});
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeAlarms", { AlarmTypes: ["MetricAlarm", "CompositeAlarm"], MaxRecords: 100 }],
    ]);
    deepEqual(out.alarms, [
      {
        name: "cpu-high",
        state: "ALARM",
        metric: "AWS/EC2/CPUUtilization InstanceId=i-0123456789abcdef0",
        statistic: "Average",
        comparison: "CPUUtilization > 80 for 3×300s",
        since: "2025-01-02T03:04:05.000Z",
        reason:
          "Threshold Crossed: 3 datapoints [91.0, 95.2, 88.1] were greater than the threshold",
        actions: 2,
        sns_topics: ["ops-pager"],
      },
      {
        name: "disk-full",
        state: "OK",
        metric: "CWAgent/disk_used_percent",
        statistic: "p99",
        comparison: "disk_used_percent >= 90 for 2 of 5×60s",
        actions: 0,
        actions_enabled: false,
      },
      {
        name: "service-down",
        type: "composite",
        state: "INSUFFICIENT_DATA",
        rule: 'ALARM("cpu-high") OR ALARM("disk-full")',
        actions: 1,
      },
    ]);
    equal(out.region, "us-east-1");
    equal(out.account, "123456789012");
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_describe_alarms passes filters to AWS and applies them again to the rows", async () => {
  // An endpoint that ignores all but one filter (as moto does) still yields only matching rows.
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: () => ({ MetricAlarms: [cpu, disk], CompositeAlarms: [composite] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk<{ alarms: { name: string }[] }>(
      client,
      "cloudwatch_describe_alarms",
      { state: "ALARM", name_prefix: "cpu", action_prefix: TOPIC, type: "metric" },
    );
    deepEqual(aws.calls[0]?.input, {
      AlarmTypes: ["MetricAlarm"],
      StateValue: "ALARM",
      AlarmNamePrefix: "cpu",
      ActionPrefix: TOPIC,
      MaxRecords: 100,
    });
    deepEqual(out.alarms.map((a) => a.name), ["cpu-high"]);
    const composites = await callOk<{ alarms: { name: string }[] }>(
      client,
      "cloudwatch_describe_alarms",
      { alarm_names: ["service-down", "cpu-high"], type: "composite" },
    );
    deepEqual(composites.alarms.map((a) => a.name), ["service-down"]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_describe_alarms pages with next_token, slicing AWS pages itself", async () => {
  const many = Array.from({ length: 5 }, (_, i) => ({ ...disk, AlarmName: `a-${i}` }));
  const aws = stubAws({
    cloudwatch: {
      describeAlarms: (input: { NextToken?: string }) =>
        input.NextToken ? { MetricAlarms: many.slice(3) } : {
          MetricAlarms: many.slice(0, 3),
          NextToken: "aws-2",
        },
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const first = await callOk<{ alarms: { name: string }[]; next_token?: string }>(
      client,
      "cloudwatch_describe_alarms",
      { max_results: 2 },
    );
    deepEqual(first.alarms.map((a) => a.name), ["a-0", "a-1"]);
    const second = await callOk<{ alarms: { name: string }[]; next_token?: string }>(
      client,
      "cloudwatch_describe_alarms",
      { max_results: 2, next_token: first.next_token },
    );
    deepEqual(second.alarms.map((a) => a.name), ["a-2", "a-3"]);
    const third = await callOk<{ alarms: { name: string }[]; next_token?: string }>(
      client,
      "cloudwatch_describe_alarms",
      { max_results: 2, next_token: second.next_token },
    );
    deepEqual(third.alarms.map((a) => a.name), ["a-4"]);
    equal(third.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_describe_alarms names the field of bad input and calls nothing", async () => {
  const aws = stubAws({ cloudwatch: { describeAlarms: () => ({}) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const bad = await call(client, "cloudwatch_describe_alarms", { state: "FIRING" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: state: /);
    const both = await call(client, "cloudwatch_describe_alarms", {
      alarm_names: ["a"],
      name_prefix: "a",
    });
    equal(
      text(both),
      "InvalidInput: alarm_names: cannot be combined with name_prefix — pass one of alarm_names, name_prefix",
    );
    const repeated = await call(client, "cloudwatch_describe_alarms", { alarm_names: ["a", "a"] });
    match(text(repeated), /^InvalidInput: alarm_names: names must not repeat/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
