import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connectMoto, motoCloudWatch, motoTest, text } from "../_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  minutes,
  plusMinutes,
  putSeries,
  range,
} from "../_cloudwatch_metrics.ts";
import { getMetricStatistics } from "../../tools/cloudwatch/get_metric_statistics.ts";

// moto's state is global: this file writes only to ap-southeast-6, under its own namespace.
const REGION = "ap-southeast-6";
const RUN = crypto.randomUUID();
const NAMESPACE = `AwsMcpTest/${RUN}`;

interface Result {
  window: { start: string; end: string; period: number };
  unit?: string;
  stats: Record<string, Record<string, unknown>>;
}

motoTest(
  "cloudwatch_get_metric_statistics summarises each statistic from moto",
  async (endpoint, t) => {
    // An hour of 1-minute latencies, (7·minute mod 13) + 0.5 ms, read in 5-minute periods.
    const start = hoursAgo(2);
    const at = (m: number) => isoSeconds(plusMinutes(start, m));
    const cloudwatch = await motoCloudWatch(endpoint, REGION);
    const dimensions = { Stage: `prod-${RUN}`, Api: "orders" };
    await putSeries(
      cloudwatch,
      { namespace: NAMESPACE, name: "Latency", dimensions, unit: "Milliseconds" },
      minutes(start, range(60), (m) => ((7 * m) % 13) + 0.5),
    );
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getMetricStatistics],
    });
    const base = {
      namespace: NAMESPACE,
      metric: "Latency",
      dimensions,
      start: start.toISOString(),
      end: plusMinutes(start, 60).toISOString(),
      period: 300,
    };
    try {
      await t.step("the five basic statistics, exact per 5-minute period", async () => {
        const out = await callOk<Result>(client, "cloudwatch_get_metric_statistics", {
          ...base,
          statistics: ["Average", "Maximum", "Minimum", "Sum", "SampleCount"],
          unit: "Milliseconds",
        });
        deepEqual(out.window, { start: at(0), end: at(60), period: 300 });
        equal(out.unit, "Milliseconds");
        const last = { last_at: at(55) };
        deepEqual(out.stats, {
          Average: {
            count: 12,
            min: 4.1,
            max: 8.9,
            avg: 6.367,
            last: 6.9,
            max_at: at(20),
            ...last,
          },
          Maximum: {
            count: 12,
            min: 8.5,
            max: 12.5,
            avg: 10.83,
            last: 10.5,
            max_at: at(10),
            ...last,
          },
          Minimum: {
            count: 12,
            min: 0.5,
            max: 4.5,
            avg: 1.833,
            last: 2.5,
            max_at: at(20),
            ...last,
          },
          Sum: {
            count: 12,
            min: 20.5,
            max: 44.5,
            avg: 31.83,
            total: 382,
            last: 34.5,
            max_at: at(20),
            ...last,
          },
          SampleCount: {
            count: 12,
            min: 5,
            max: 5,
            avg: 5,
            total: 60,
            last: 5,
            max_at: at(0),
            ...last,
          },
        });
      });

      await t.step("moto leaves percentiles out of its datapoints", async () => {
        const out = await callOk<Result>(client, "cloudwatch_get_metric_statistics", {
          ...base,
          statistics: ["p99", "Maximum"],
        });
        deepEqual(out.stats.p99, { count: 0 });
        equal(out.stats.Maximum?.max, 12.5);
      });

      await t.step("another unit selects nothing", async () => {
        const out = await callOk<Result>(client, "cloudwatch_get_metric_statistics", {
          ...base,
          unit: "Seconds",
        });
        deepEqual(out.stats, { Average: { count: 0 } });
      });

      await t.step("a period giving more than 1440 datapoints is refused before AWS", async () => {
        const result = await call(client, "cloudwatch_get_metric_statistics", {
          ...base,
          start: hoursAgo(72).toISOString(),
          period: 60,
        });
        match(text(result), /^InvalidInput: period: \d+ points per series, at most 1440/);
      });
    } finally {
      await close();
    }
  },
);
