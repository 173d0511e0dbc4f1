import { deepEqual, equal, match } from "node:assert/strict";
import type { GetMetricDataInput } from "@aws-sdk/client-cloudwatch";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  metricDataStub,
  plusMinutes,
} from "../../tests/_cloudwatch_metrics.ts";
import { bareName, getEcsServiceMetrics } from "./get_ecs_service_metrics.ts";

const NAME = "cloudwatch_get_ecs_service_metrics";

Deno.test("bareName takes the name from a cluster or service ARN", () => {
  deepEqual(
    [
      "prod",
      "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
      "arn:aws:ecs:eu-west-1:123456789012:service/prod/web",
      "arn:aws:ecs:eu-west-1:123456789012:service/web",
    ].map(bareName),
    ["prod", "prod", "web", "web"],
  );
});

Deno.test("cloudwatch_get_ecs_service_metrics reports CPU and memory average and peak", async () => {
  const start = hoursAgo(12);
  const aws = stubAws({
    cloudwatch: {
      getMetricData: metricDataStub({
        "CPUUtilization Average window": [[0, 23.456]],
        "CPUUtilization Maximum": [[0, 50], [120, 97.5], [700, 60]],
        "MemoryUtilization Average window": [[0, 61]],
        "MemoryUtilization Maximum": [[5, 70], [600, 70], [700, 65]],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getEcsServiceMetrics] });
  try {
    const out = await callOk(client, NAME, {
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
      service: "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
      start: start.toISOString(),
      end: plusMinutes(start, 720).toISOString(),
    });
    const input = aws.calls[0]?.input as GetMetricDataInput;
    // 12 hours: 120 s would be 360 points, so 300 s (144 points).
    deepEqual(
      input.MetricDataQueries?.map((q) => [
        q.MetricStat?.Metric?.MetricName,
        q.MetricStat?.Stat,
        q.MetricStat?.Period,
      ]),
      [
        ["CPUUtilization", "Average", 43_200],
        ["CPUUtilization", "Maximum", 300],
        ["MemoryUtilization", "Average", 43_200],
        ["MemoryUtilization", "Maximum", 300],
      ],
    );
    deepEqual(input.MetricDataQueries?.[0]?.MetricStat?.Metric, {
      Namespace: "AWS/ECS",
      MetricName: "CPUUtilization",
      Dimensions: [{ Name: "ClusterName", Value: "prod" }, { Name: "ServiceName", Value: "web" }],
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      window: { start: isoSeconds(start), end: isoSeconds(plusMinutes(start, 720)), period: 300 },
      metrics: {
        cpu_percent: { avg: 23.46, max: 97.5, max_at: isoSeconds(plusMinutes(start, 120)) },
        memory_percent: { avg: 61, max: 70, max_at: isoSeconds(plusMinutes(start, 5)) },
      },
    });
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_ecs_service_metrics names a missing service", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({}) } });
  const { client, close } = await connect({}, { aws, inventory: [getEcsServiceMetrics] });
  try {
    const bad = await call(client, NAME, { cluster: "prod" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: service: Invalid input: expected string/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
