import type { GetMetricDataInput, MetricDataResult } from "@aws-sdk/client-cloudwatch";

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `n` hours before the current one: windows stay recent and aligned. */
export function hoursAgo(n: number): Date {
  return new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - n * HOUR_MS);
}

/** `date` plus `minutes`. */
export function plusMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/** ISO without milliseconds, as the metric tools print times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/** Points `[minutes after the window start, value]` of one stubbed series. */
export type StubSeries = [number, number][];

/**
 * A stub GetMetricData: answers each MetricStat query from `series`, keyed `Metric Stat` for
 * per-period queries and `Metric Stat window` for a query whose period spans the whole window;
 * math queries and unknown keys get no points.
 */
export function metricDataStub(series: Record<string, StubSeries>) {
  return (input: GetMetricDataInput) => {
    const start = input.StartTime as Date;
    const whole = ((input.EndTime as Date).getTime() - start.getTime()) / 1000;
    const results: MetricDataResult[] = (input.MetricDataQueries ?? []).map((q) => {
      const stat = q.MetricStat;
      const key = stat
        ? `${stat.Metric?.MetricName} ${stat.Stat}${stat.Period === whole ? " window" : ""}`
        : "";
      const points = series[key] ?? [];
      return {
        Id: q.Id,
        Label: q.Label ?? stat?.Metric?.MetricName ?? q.Id,
        Timestamps: points.map(([m]) => plusMinutes(start, m)),
        Values: points.map(([, v]) => v),
        StatusCode: "Complete",
      };
    });
    return { MetricDataResults: results };
  };
}

/** Puts one metric's points `[time, value]` with PutMetricData, 500 a call. */
export async function putSeries(
  cloudwatch: import("@aws-sdk/client-cloudwatch").CloudWatch,
  metric: {
    namespace: string;
    name: string;
    dimensions?: Record<string, string>;
    unit?: import("@aws-sdk/client-cloudwatch").StandardUnit;
  },
  points: readonly [Date, number][],
): Promise<void> {
  const dimensions = Object.entries(metric.dimensions ?? {}).map(([Name, Value]) => ({
    Name,
    Value,
  }));
  for (let i = 0; i < points.length; i += 500) {
    await cloudwatch.putMetricData({
      Namespace: metric.namespace,
      MetricData: points.slice(i, i + 500).map(([Timestamp, Value]) => ({
        MetricName: metric.name,
        Timestamp,
        Value,
        ...(dimensions.length ? { Dimensions: dimensions } : {}),
        ...(metric.unit ? { Unit: metric.unit } : {}),
      })),
    });
  }
}

/** Points at `start` plus each minute offset, valued by `value(minute)`. */
export function minutes(
  start: Date,
  offsets: readonly number[],
  value: (minute: number) => number,
): [Date, number][] {
  return offsets.map((m) => [plusMinutes(start, m), value(m)]);
}

/** 0, step, 2·step … below `end`. */
export function range(end: number, step = 1): number[] {
  return Array.from({ length: Math.ceil(end / step) }, (_, i) => i * step);
}
