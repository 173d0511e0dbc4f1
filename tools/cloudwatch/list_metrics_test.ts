import { deepEqual, equal, match } from "node:assert/strict";
import type { ListMetricsInput } from "@aws-sdk/client-cloudwatch";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listMetrics, metricSummary } from "./list_metrics.ts";

const NAME = "cloudwatch_list_metrics";

const cpu = {
  Namespace: "AWS/EC2",
  MetricName: "CPUUtilization",
  Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
};

interface Page {
  metrics: { namespace: string; metric: string; dimensions?: Record<string, string> }[];
  next_token?: string;
}

Deno.test("metricSummary turns dimensions into {name: value} and drops an empty set", () => {
  deepEqual(metricSummary(cpu), {
    namespace: "AWS/EC2",
    metric: "CPUUtilization",
    dimensions: { InstanceId: "i-0123456789abcdef0" },
  });
  deepEqual(metricSummary({ Namespace: "App", MetricName: "Jobs", Dimensions: [] }), {
    namespace: "App",
    metric: "Jobs",
  });
});

Deno.test("cloudwatch_list_metrics turns its filters into ListMetrics parameters", async () => {
  const aws = stubAws({ cloudwatch: { listMetrics: () => ({ Metrics: [cpu] }) } });
  const { client, close } = await connect({}, { aws, inventory: [listMetrics] });
  try {
    const out = await callOk<Page>(client, NAME, {
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { InstanceId: "i-0123456789abcdef0", AutoScalingGroupName: "*" },
      recently_active: true,
    });
    deepEqual(aws.calls[0]?.input, {
      Namespace: "AWS/EC2",
      MetricName: "CPUUtilization",
      Dimensions: [
        { Name: "InstanceId", Value: "i-0123456789abcdef0" },
        { Name: "AutoScalingGroupName" },
      ],
      RecentlyActive: "PT3H",
    });
    deepEqual(out.metrics, [metricSummary(cpu)]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_list_metrics pages across AWS pages and drops repeats within one", async () => {
  const metric = (i: number) => ({ Namespace: "App", MetricName: `m${i}` });
  const pages: Record<string, unknown> = {
    "": { Metrics: [metric(0), metric(1), metric(1), metric(2)], NextToken: "t2" },
    t2: { Metrics: [metric(3), metric(4)] },
  };
  const aws = stubAws({
    cloudwatch: { listMetrics: (input: ListMetricsInput) => pages[input.NextToken ?? ""] },
  });
  const { client, close } = await connect({}, { aws, inventory: [listMetrics] });
  try {
    const first = await callOk<Page>(client, NAME, { namespace: "App", max_results: 2 });
    deepEqual(first.metrics.map((m) => m.metric), ["m0", "m1"]);
    const second = await callOk<Page>(client, NAME, {
      namespace: "App",
      max_results: 2,
      next_token: first.next_token,
    });
    deepEqual(second.metrics.map((m) => m.metric), ["m2", "m3"]);
    const third = await callOk<Page>(client, NAME, {
      namespace: "App",
      max_results: 2,
      next_token: second.next_token,
    });
    deepEqual(third.metrics.map((m) => m.metric), ["m4"]);
    equal(third.next_token, undefined);
    const moved = await call(client, NAME, { namespace: "Other", next_token: first.next_token });
    match(text(moved), /^InvalidInput: next_token: issued for different filters/);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_list_metrics names an empty dimension value", async () => {
  const aws = stubAws({ cloudwatch: { listMetrics: () => ({ Metrics: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [listMetrics] });
  try {
    const bad = await call(client, NAME, { dimensions: { InstanceId: "" }, max_results: 0 });
    equal(bad.isError, true);
    match(text(bad), /dimensions\.InstanceId: Too small/);
    match(text(bad), /max_results: Too small/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
