import { deepEqual } from "node:assert/strict";
import { callOk, connectMoto, motoCloudWatch, motoTest } from "../_helpers.ts";
import { forward, startStandIn } from "../_standin.ts";
import {
  hoursAgo,
  isoSeconds,
  minutes,
  plusMinutes,
  putSeries,
  range,
} from "../_cloudwatch_metrics.ts";
import { getLambdaMetrics } from "../../tools/cloudwatch/get_lambda_metrics.ts";

// moto's state is global: this file writes only to ap-southeast-6, for a function name of its
// own run.
const REGION = "ap-southeast-6";
const FUNCTION = `orders-${crypto.randomUUID()}`;
const BASIC = new Set(["Average", "Sum", "Minimum", "Maximum", "SampleCount"]);

interface Query {
  Id: string;
  MetricStat?: { Stat: string; Period: number };
}

/**
 * moto answers a percentile statistic in GetMetricData with a 500 (it computes only the five
 * basic ones), so this stand-in in front of it answers percentile queries with fixed values and
 * passes everything else to moto. It records the percentile queries it answered.
 */
function percentileStandIn(motoUrl: string, values: Record<string, number>) {
  const answered: Query[] = [];
  const standIn = startStandIn(async (request, body) => {
    if (!(request.headers.get("x-amz-target") ?? "").endsWith(".GetMetricData")) {
      return forward(request, body, motoUrl);
    }
    const input = JSON.parse(body) as { MetricDataQueries: Query[]; StartTime: number };
    const faked = input.MetricDataQueries.filter((q) =>
      q.MetricStat && !BASIC.has(q.MetricStat.Stat)
    );
    answered.push(...faked);
    const rest = input.MetricDataQueries.filter((q) => !faked.includes(q));
    const response = await forward(
      request,
      JSON.stringify({ ...input, MetricDataQueries: rest }),
      motoUrl,
    );
    const out = await response.json() as { MetricDataResults: unknown[] };
    for (const q of faked) {
      out.MetricDataResults.push({
        Id: q.Id,
        Label: q.Id,
        Timestamps: [input.StartTime],
        Values: [values[q.MetricStat?.Stat ?? ""]],
        StatusCode: "Complete",
      });
    }
    return new Response(JSON.stringify(out), {
      status: response.status,
      headers: response.headers,
    });
  });
  return { ...standIn, answered };
}

motoTest(
  "cloudwatch_get_lambda_metrics summarises a function's AWS/Lambda metrics from moto",
  async (endpoint) => {
    const start = hoursAgo(1);
    const cloudwatch = await motoCloudWatch(endpoint, REGION);
    const put = (name: string, offsets: number[], value: (m: number) => number) =>
      putSeries(
        cloudwatch,
        { namespace: "AWS/Lambda", name, dimensions: { FunctionName: FUNCTION } },
        minutes(start, offsets, value),
      );
    await put("Invocations", range(60), () => 20);
    await put("Errors", [10, 11], (m) => m === 10 ? 4 : 3);
    await put("Throttles", [0], () => 0);
    // 100…159 ms, with one 2950.5 ms call at minute 30.
    await put("Duration", range(60), (m) => m === 30 ? 2950.5 : 100 + m);
    await put("ConcurrentExecutions", range(60), (m) => m === 20 ? 9 : 3);
    const standIn = percentileStandIn(endpoint, { p50: 129.5, p99: 812.25 });
    const { client, close } = await connectMoto(standIn.url, REGION, {}, {
      inventory: [getLambdaMetrics],
    });
    try {
      const out = await callOk(client, "cloudwatch_get_lambda_metrics", {
        function_name: `arn:aws:lambda:${REGION}:123456789012:function:${FUNCTION}`,
        start: start.toISOString(),
        end: plusMinutes(start, 60).toISOString(),
      });
      // The percentiles were asked over the whole hour, in the same call as the rest.
      deepEqual(standIn.answered.map((q) => [q.MetricStat?.Stat, q.MetricStat?.Period]), [
        ["p50", 3600],
        ["p99", 3600],
      ]);
      deepEqual(out, {
        account: "123456789012",
        region: REGION,
        window: { start: isoSeconds(start), end: isoSeconds(plusMinutes(start, 60)), period: 60 },
        metrics: {
          invocations: { total: 1200 },
          errors: { total: 7 },
          throttles: { total: 0 },
          duration_ms: {
            p50: 129.5,
            p99: 812.3,
            max: 2951,
            max_at: isoSeconds(plusMinutes(start, 30)),
          },
          concurrent_executions: { max: 9, max_at: isoSeconds(plusMinutes(start, 20)) },
        },
        error_rate_percent: 0.5833,
      });
    } finally {
      await close();
      await standIn.close();
    }
  },
);
