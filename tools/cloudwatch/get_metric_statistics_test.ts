import { deepEqual, equal, match } from "node:assert/strict";
import type { GetMetricStatisticsInput } from "@aws-sdk/client-cloudwatch";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { hoursAgo, isoSeconds, plusMinutes } from "../../tests/_cloudwatch_metrics.ts";
import { getMetricStatistics } from "./get_metric_statistics.ts";

const NAME = "cloudwatch_get_metric_statistics";

interface Result {
  window: { start: string; end: string; period: number };
  unit?: string;
  stats: Record<string, Record<string, unknown>>;
  note?: string;
}

Deno.test("cloudwatch_get_metric_statistics splits basic and extended statistics and summarises each", async () => {
  const start = hoursAgo(2);
  const at = (m: number) => plusMinutes(start, m);
  const aws = stubAws({
    cloudwatch: {
      // AWS returns datapoints in no particular order.
      getMetricStatistics: (_: GetMetricStatisticsInput) => ({
        Label: "Latency",
        Datapoints: [
          {
            Timestamp: at(10),
            Sum: 30,
            Maximum: 9,
            Unit: "Milliseconds",
            ExtendedStatistics: { p99: 8.5 },
          },
          {
            Timestamp: at(0),
            Sum: 10,
            Maximum: 4,
            Unit: "Milliseconds",
            ExtendedStatistics: { p99: 3.96 },
          },
          {
            Timestamp: at(5),
            Sum: 20.5,
            Maximum: 12,
            Unit: "Milliseconds",
            ExtendedStatistics: {},
          },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getMetricStatistics] });
  try {
    const out = await callOk<Result>(client, NAME, {
      namespace: "App",
      metric: "Latency",
      dimensions: { Service: "api", Stage: "prod" },
      statistics: ["Sum", "p99", "Maximum", "Sum"],
      start: start.toISOString(),
      end: plusMinutes(start, 15).toISOString(),
      period: 300,
      unit: "Milliseconds",
    });
    const common = {
      Namespace: "App",
      MetricName: "Latency",
      Dimensions: [{ Name: "Service", Value: "api" }, { Name: "Stage", Value: "prod" }],
      StartTime: start,
      EndTime: plusMinutes(start, 15),
      Period: 300,
    };
    // AWS refuses Statistics and ExtendedStatistics together: one call each, concurrently.
    deepEqual(aws.calls.map((c) => c.input), [
      { ...common, Statistics: ["Sum", "Maximum"], Unit: "Milliseconds" },
      { ...common, ExtendedStatistics: ["p99"], Unit: "Milliseconds" },
    ]);
    deepEqual(out.window, {
      start: isoSeconds(start),
      end: isoSeconds(plusMinutes(start, 15)),
      period: 300,
    });
    equal(out.unit, "Milliseconds");
    deepEqual(out.stats, {
      Sum: {
        count: 3,
        min: 10,
        max: 30,
        avg: 20.17,
        total: 60.5,
        last: 30,
        last_at: isoSeconds(at(10)),
        max_at: isoSeconds(at(10)),
      },
      p99: {
        count: 2,
        min: 3.96,
        max: 8.5,
        avg: 6.23,
        last: 8.5,
        last_at: isoSeconds(at(10)),
        max_at: isoSeconds(at(10)),
      },
      Maximum: {
        count: 3,
        min: 4,
        max: 12,
        avg: 8.333,
        last: 9,
        last_at: isoSeconds(at(10)),
        max_at: isoSeconds(at(5)),
      },
    });
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_statistics asks Average by default at an automatic period", async () => {
  const aws = stubAws({ cloudwatch: { getMetricStatistics: () => ({ Datapoints: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricStatistics] });
  try {
    const start = hoursAgo(24);
    const out = await callOk<Result>(client, NAME, {
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      start: start.toISOString(),
      end: plusMinutes(start, 1440).toISOString(),
      include_points: true,
    });
    const input = aws.calls[0]?.input as GetMetricStatisticsInput;
    deepEqual([input.Statistics, input.ExtendedStatistics, input.Period, input.Dimensions], [
      ["Average"],
      undefined,
      300,
      undefined,
    ]);
    deepEqual(out.stats, { Average: { count: 0 } });
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_statistics names a bad unit, statistic and an oversized period", async () => {
  const aws = stubAws({ cloudwatch: { getMetricStatistics: () => ({ Datapoints: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricStatistics] });
  try {
    const base = { namespace: "N", metric: "M" };
    const unit = await call(client, NAME, { ...base, unit: "Percentage" });
    match(text(unit), /^InvalidInput: unit: expected a CloudWatch unit such as Percent, Count/);
    const stat = await call(client, NAME, { ...base, statistics: ["Avg"] });
    match(text(stat), /^InvalidInput: statistics\.0: expected Average, Sum/);
    // GetMetricStatistics answers at most 1440 datapoints.
    const period = await call(client, NAME, { ...base, last: "2d", period: 60 });
    match(
      text(period),
      /^InvalidInput: period: 28\d\d points per series, at most 1440 — use a period of 300/,
    );
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
