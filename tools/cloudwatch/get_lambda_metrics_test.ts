import { deepEqual, equal, match } from "node:assert/strict";
import type { GetMetricDataInput } from "@aws-sdk/client-cloudwatch";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  metricDataStub,
  plusMinutes,
} from "../../tests/_cloudwatch_metrics.ts";
import { getLambdaMetrics } from "./get_lambda_metrics.ts";

const NAME = "cloudwatch_get_lambda_metrics";

Deno.test("cloudwatch_get_lambda_metrics totals invocations and errors and gives the error rate", async () => {
  const start = hoursAgo(1);
  const aws = stubAws({
    cloudwatch: {
      getMetricData: metricDataStub({
        "Invocations Sum window": [[0, 1200]],
        "Errors Sum window": [[0, 7]],
        "Throttles Sum window": [[0, 0]],
        "Duration p50 window": [[0, 41.234]],
        "Duration p99 window": [[0, 812.75]],
        "Duration Maximum": [[3, 900], [30, 2950.6], [59, 100]],
        "ConcurrentExecutions Maximum": [[10, 4], [20, 9]],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getLambdaMetrics] });
  try {
    const out = await callOk(client, NAME, {
      function_name: "arn:aws:lambda:us-east-1:123456789012:function:orders",
      start: start.toISOString(),
      end: plusMinutes(start, 60).toISOString(),
    });
    const input = aws.calls[0]?.input as GetMetricDataInput;
    deepEqual(
      input.MetricDataQueries?.map((q) =>
        `${q.MetricStat?.Metric?.MetricName} ${q.MetricStat?.Stat} ${q.MetricStat?.Period}`
      ),
      [
        "Invocations Sum 3600",
        "Errors Sum 3600",
        "Throttles Sum 3600",
        "Duration p50 3600",
        "Duration p99 3600",
        "Duration Maximum 60",
        "ConcurrentExecutions Maximum 60",
      ],
    );
    deepEqual(input.MetricDataQueries?.[0]?.MetricStat?.Metric, {
      Namespace: "AWS/Lambda",
      MetricName: "Invocations",
      Dimensions: [{ Name: "FunctionName", Value: "orders" }],
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      window: { start: isoSeconds(start), end: isoSeconds(plusMinutes(start, 60)), period: 60 },
      metrics: {
        invocations: { total: 1200 },
        errors: { total: 7 },
        throttles: { total: 0 },
        duration_ms: {
          p50: 41.23,
          p99: 812.8,
          max: 2951,
          max_at: isoSeconds(plusMinutes(start, 30)),
        },
        concurrent_executions: { max: 9, max_at: isoSeconds(plusMinutes(start, 20)) },
      },
      error_rate_percent: 0.5833,
    });
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_lambda_metrics without invocations lists the missing metrics", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({}) } });
  const { client, close } = await connect({}, { aws, inventory: [getLambdaMetrics] });
  try {
    const out = await callOk(client, NAME, { function_name: "orders", last: "PT6H" });
    deepEqual(out.metrics, {});
    deepEqual(out.no_data, [
      "invocations",
      "errors",
      "throttles",
      "duration_ms",
      "concurrent_executions",
    ]);
    equal(out.error_rate_percent, undefined);
    const bad = await call(client, NAME, { function_name: "orders:prod" });
    match(text(bad), /^InvalidInput: function_name: expected a function name like my-function/);
  } finally {
    await close();
  }
});
