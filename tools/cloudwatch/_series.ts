import type { CloudWatch, MetricDataQuery, StandardUnit } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { fitBytes } from "../../schemas/compact.ts";

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;
/** CloudWatch keeps metric data for 15 months (455 days). */
const MAX_WINDOW_SECONDS = 455 * DAY;
/** The window when the caller gives none. */
const DEFAULT_WINDOW_SECONDS = 3 * HOUR;
/** Auto-chosen periods: the smallest that keeps a series at or under `TARGET_POINTS`. */
const PERIOD_LADDER = [
  60,
  120,
  300,
  600,
  900,
  1800,
  3600,
  7200,
  10_800,
  21_600,
  43_200,
  86_400,
  172_800,
  604_800,
];
/** Points per series an auto-chosen period aims for. */
export const TARGET_POINTS = 300;
/** Byte budget shared by every series' raw points in one result (the page bound is ~40 KB). */
export const POINTS_BUDGET = 30_000;

/** A duration ending now: `30m`, `3h`, `7d`, `2w` or ISO 8601 `PT3H`, `P1DT12H`. */
export const durationText = z.string().regex(
  /^(\d+(m|h|d|w)|P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?)?)$/i,
  "expected a duration like 30m, 3h, 7d or PT3H",
);

/** The time-window inputs every metric tool takes: `last` (default 3h) or `start`/`end`. */
export const windowInput = {
  last: durationText.optional().describe("Before end or now: 30m, 7d… (default 3h)"),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
};

/**
 * A period in seconds as CloudWatch accepts it: 1, 5, 10, 20, 30 (high resolution) or a
 * multiple of 60.
 */
export const periodInput = z.int().refine(
  (p) => (p > 0 && p % 60 === 0) || [1, 5, 10, 20, 30].includes(p),
  {
    error: "expected 1, 5, 10, 20, 30 or a multiple of 60",
  },
);

/** Dimensions `{name: value}` of one metric (CloudWatch allows 30). */
export const dimensionsInput = z
  .record(z.string().min(1).max(255), z.string().min(1).max(1024))
  .refine((d) => Object.keys(d).length <= 30, { error: "at most 30 dimensions" });

/** Statistics CloudWatch computes for GetMetricStatistics' `Statistics`. */
export const STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"] as const;

/** CloudWatch's StandardUnit values. */
export const UNITS = [
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
] as const satisfies readonly StandardUnit[];

/**
 * A CloudWatch unit. The 27 names stay out of the JSON schema (tokens on every turn); zod still
 * refuses a wrong one, naming the field.
 */
export const unitInput = z.string().refine((u) => (UNITS as readonly string[]).includes(u), {
  error: "expected a CloudWatch unit such as Percent, Count, Bytes, Seconds, Bytes/Second",
});

/** Any statistic GetMetricData accepts: a basic one or an extended one. */
export const statInput = z.string().regex(
  /^(Average|Sum|Minimum|Maximum|SampleCount|(p|tm|tc|ts|wm)\d{1,2}(\.\d{1,10})?|(PR|TM|TC|TS|WM)\([^)]{1,40}\)|IQM)$/,
  "expected Average, Sum, Minimum, Maximum, SampleCount, p99, tm90…",
);

/** The window a result covers, as it was asked of CloudWatch. */
export const windowOutput = z.object({ start: z.string(), end: z.string(), period: z.int() });

/** A series in few bytes: count, min/max/avg, the last point, when the max happened. */
export const seriesSummary = z.object({
  count: z.int(),
  min: z.number().optional(),
  max: z.number().optional(),
  avg: z.number().optional(),
  total: z.number().optional(),
  last: z.number().optional(),
  last_at: z.string().optional(),
  max_at: z.string().optional(),
  status: z.string().optional(),
  points: z.array(z.tuple([z.string(), z.number()])).optional(),
  points_omitted: z.int().optional(),
});

/** One summarised series. */
export type SeriesSummary = z.input<typeof seriesSummary>;

/** A resolved window: aligned to the period, so AWS and emulators bucket alike. */
export interface Window {
  start: Date;
  end: Date;
  /** Seconds. */
  period: number;
}

/** The window inputs as a tool receives them. */
export interface WindowArgs {
  last?: string | undefined;
  start?: string | undefined;
  end?: string | undefined;
  period?: number | undefined;
}

function invalid(message: string, hint?: string): ToolError {
  return new ToolError("InvalidInput", message, hint);
}

/** Seconds in a duration accepted by `durationText`. */
export function parseDuration(text: string): number {
  const short = /^(\d+)(m|h|d|w)$/i.exec(text);
  if (short) {
    const unit = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY }[
      (short[2] ?? "m").toLowerCase() as "m" | "h" | "d" | "w"
    ];
    return Number(short[1]) * unit;
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/i.exec(text);
  if (!iso) throw invalid(`last: expected a duration like 30m, 3h, 7d or PT3H`);
  return Number(iso[1] ?? 0) * DAY + Number(iso[2] ?? 0) * HOUR + Number(iso[3] ?? 0) * MINUTE;
}

/** The smallest period CloudWatch still holds for data starting `ageSeconds` ago. */
function retentionFloor(ageSeconds: number): number {
  if (ageSeconds > 63 * DAY) return HOUR;
  if (ageSeconds > 15 * DAY) return 5 * MINUTE;
  return MINUTE;
}

function bucketCount(startMs: number, endMs: number, period: number): number {
  const p = period * 1000;
  return Math.ceil(endMs / p) - Math.floor(startMs / p);
}

/**
 * Resolves `last`/`start`/`end`/`period` against `now`: `last` (default 3h) ends at `end` or now;
 * the period is the given one, checked against CloudWatch's retention (high resolution for 3 h,
 * 1 min for 15 days, 5 min for 63 days, then 1 h), or the smallest of a ladder giving at most
 * 300 points. Start is aligned down and end up to the period, which makes buckets match across
 * AWS and emulators. `maxPoints` bounds points per series for an explicit period.
 */
export function resolveWindow(args: WindowArgs, now: Date, maxPoints = 10_080): Window {
  if (args.last !== undefined && args.start !== undefined) {
    throw invalid("last: give last or start, not both", "last counts back from end (or now)");
  }
  const endMs = args.end !== undefined ? Date.parse(args.end) : now.getTime();
  const startMs = args.start !== undefined
    ? Date.parse(args.start)
    : endMs - 1000 * (args.last !== undefined ? parseDuration(args.last) : DEFAULT_WINDOW_SECONDS);
  if (!(startMs < endMs)) {
    throw invalid(
      `${args.start !== undefined ? "start" : "last"}: the window must start before it ends`,
      "give start before end, or a positive last",
    );
  }
  if (startMs > now.getTime()) throw invalid("start: in the future", "give a past start");
  if (endMs - startMs > MAX_WINDOW_SECONDS * 1000) {
    throw invalid(
      `${args.start !== undefined ? "start" : "last"}: window longer than 455 days`,
      "CloudWatch keeps metrics for 15 months; shorten the window",
    );
  }
  const age = (now.getTime() - startMs) / 1000;
  const floor = retentionFloor(age);
  let period = args.period;
  if (period !== undefined) {
    if (period < MINUTE && age > 3 * HOUR) {
      throw invalid(
        "period: periods under 60 s are kept for 3 hours only",
        "use a period of 60 or more, or a window in the last 3 hours",
      );
    }
    if (period >= MINUTE && period % floor !== 0) {
      throw invalid(
        `period: must be a multiple of ${floor} for data from ${
          floor === HOUR ? "over 63" : "over 15"
        } days ago`,
        `use a multiple of ${floor}`,
      );
    }
    const points = bucketCount(startMs, endMs, period);
    if (points > maxPoints) {
      const needed = PERIOD_LADDER.find((p) =>
        p % floor === 0 && bucketCount(startMs, endMs, p) <= maxPoints
      );
      throw invalid(
        `period: ${points} points per series, at most ${maxPoints}`,
        `use a period of ${needed ?? "a day or"} more, a shorter window, or omit period`,
      );
    }
  } else {
    period = PERIOD_LADDER.find((p) =>
      p >= floor && p % floor === 0 && bucketCount(startMs, endMs, p) <= TARGET_POINTS
    ) ?? PERIOD_LADDER[PERIOD_LADDER.length - 1] as number;
  }
  const p = period * 1000;
  return {
    start: new Date(Math.floor(startMs / p) * p),
    end: new Date(Math.ceil(endMs / p) * p),
    period,
  };
}

/** ISO 8601 without milliseconds: `2026-01-02T03:04:00Z`. */
export function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/** The window as the result reports it. */
export function windowRow(window: Window): z.input<typeof windowOutput> {
  return { start: iso(window.start), end: iso(window.end), period: window.period };
}

/**
 * Rounds for the model: integers stay, values of 1000 or more become integers, smaller ones keep
 * 4 significant digits (12.3456 → 12.35, 0.0012345 → 0.001235).
 */
export function roundValue(value: number): number {
  if (Number.isInteger(value)) return value;
  if (Math.abs(value) >= 1000) return Math.round(value);
  return Number(value.toPrecision(4));
}

/** One point of a series. */
export interface Point {
  at: Date;
  value: number;
}

/** Pairs timestamps and values, dropping missing or non-finite values, oldest first. */
export function toPoints(
  timestamps: readonly (Date | undefined)[] | undefined,
  values: readonly (number | null | undefined)[] | undefined,
): Point[] {
  const points: Point[] = [];
  (timestamps ?? []).forEach((at, i) => {
    const value = values?.[i];
    if (at instanceof Date && typeof value === "number" && Number.isFinite(value)) {
      points.push({ at, value });
    }
  });
  return points.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** How to summarise a series. */
export interface SummaryOptions {
  /** CloudWatch's StatusCode for the series (GetMetricData only). */
  status?: string | undefined;
  /** Add `total` (for Sum and SampleCount, where adding periods makes sense). */
  total?: boolean;
  /** Include raw `[time, value]` points, the newest that fit `pointsBudget` bytes. */
  includePoints?: boolean;
  pointsBudget?: number;
}

/**
 * Summarises a series: count, min, max, mean of the points, the last point, the time of the
 * (first) max, and optionally the total and the newest raw points within a byte budget.
 */
export function summarize(points: readonly Point[], options: SummaryOptions = {}): SeriesSummary {
  const sorted = [...points].sort((a, b) => a.at.getTime() - b.at.getTime());
  const summary: SeriesSummary = { count: sorted.length };
  const last = sorted[sorted.length - 1];
  if (last) {
    let min = Infinity;
    let sum = 0;
    let top = sorted[0] as Point;
    for (const point of sorted) {
      min = Math.min(min, point.value);
      sum += point.value;
      if (point.value > top.value) top = point;
    }
    summary.min = roundValue(min);
    summary.max = roundValue(top.value);
    summary.avg = roundValue(sum / sorted.length);
    if (options.total) summary.total = roundValue(sum);
    summary.last = roundValue(last.value);
    summary.last_at = iso(last.at);
    summary.max_at = iso(top.at);
  }
  if (options.status) summary.status = options.status;
  if (options.includePoints && sorted.length) {
    const rows = sorted.map((p) => [iso(p.at), roundValue(p.value)] as [string, number]);
    // Keep the newest points: they matter most when the bound cuts the series.
    const fit = fitBytes(rows.reverse(), options.pointsBudget ?? POINTS_BUDGET);
    summary.points = fit.items.reverse();
    if (fit.omitted) summary.points_omitted = fit.omitted;
  }
  return summary;
}

/** A metric to fetch with one statistic. */
export interface MetricSpec {
  id: string;
  namespace: string;
  metric: string;
  dimensions?: Record<string, string> | undefined;
  stat: string;
  label?: string | undefined;
  unit?: string | undefined;
  /** Overrides the window's period (e.g. the whole window for one exact aggregate). */
  period?: number;
}

/** `Dimensions` in the SDK's shape, in the caller's order. */
export function sdkDimensions(
  dimensions: Record<string, string> | undefined,
): { Name: string; Value: string }[] {
  return Object.entries(dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));
}

/** A GetMetricData query for one metric and statistic. */
export function metricQuery(spec: MetricSpec, period: number): MetricDataQuery {
  const dimensions = sdkDimensions(spec.dimensions);
  return {
    Id: spec.id,
    MetricStat: {
      Metric: {
        Namespace: spec.namespace,
        MetricName: spec.metric,
        ...(dimensions.length ? { Dimensions: dimensions } : {}),
      },
      Period: spec.period ?? period,
      Stat: spec.stat,
      ...(spec.unit ? { Unit: spec.unit as StandardUnit } : {}),
    },
    ...(spec.label ? { Label: spec.label } : {}),
  };
}

/** A GetMetricData metric-math query; SEARCH and Metrics Insights queries need the period. */
export function expressionQuery(
  spec: { id: string; expression: string; label?: string | undefined },
  period: number,
): MetricDataQuery {
  const needsPeriod = /\bSEARCH\s*\(/i.test(spec.expression) ||
    /^\s*SELECT\b/i.test(spec.expression);
  return {
    Id: spec.id,
    Expression: spec.expression,
    ...(spec.label ? { Label: spec.label } : {}),
    ...(needsPeriod ? { Period: period } : {}),
  };
}

/** One series as GetMetricData returned it, merged across pages. */
export interface FetchedSeries {
  id: string;
  label?: string;
  status?: string;
  points: Point[];
  messages: string[];
}

/** At most this many GetMetricData pages per call (each holds up to 100,800 points). */
const MAX_DATA_PAGES = 5;

/**
 * Runs GetMetricData over the window, oldest first, following NextToken and merging each
 * query's pages; returns the series in query order and CloudWatch's top-level messages.
 */
export async function fetchMetricData(
  cloudwatch: CloudWatch,
  queries: MetricDataQuery[],
  window: Window,
): Promise<{ series: FetchedSeries[]; messages: string[] }> {
  const byId = new Map<string, FetchedSeries>();
  const messages: string[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_DATA_PAGES; page++) {
    const out = await cloudwatch.getMetricData({
      MetricDataQueries: queries,
      StartTime: window.start,
      EndTime: window.end,
      ScanBy: "TimestampAscending",
      ...(token ? { NextToken: token } : {}),
    });
    for (const m of out.Messages ?? []) {
      if (m.Value) messages.push(m.Code ? `${m.Code}: ${m.Value}` : m.Value);
    }
    for (const r of out.MetricDataResults ?? []) {
      const id = r.Id ?? "";
      const series = byId.get(id) ?? { id, points: [], messages: [] };
      if (r.Label) series.label = r.Label;
      if (r.StatusCode) series.status = r.StatusCode;
      series.points.push(...toPoints(r.Timestamps, r.Values));
      for (const m of r.Messages ?? []) {
        if (m.Value) series.messages.push(m.Code ? `${m.Code}: ${m.Value}` : m.Value);
      }
      byId.set(id, series);
    }
    if (!out.NextToken || out.NextToken === token) break;
    token = out.NextToken;
  }
  const order = queries.map((q) => q.Id ?? "");
  const series = order.flatMap((id) => byId.get(id) ?? []);
  // Anything CloudWatch answered that we did not ask for by id still gets reported.
  for (const [id, s] of byId) if (!order.includes(id)) series.push(s);
  return { series, messages };
}

/**
 * One value a per-service tool reports under a metric's key: `window` is one exact aggregate
 * over the whole window (a single period spanning it); `peak` is the largest per-period value
 * and `<field>_at` its first time (left out for a flat series); `last` is the latest value.
 */
export interface ServicePart {
  field: string;
  stat: string;
  mode: "window" | "peak" | "last";
}

/** A metric a per-service tool reports, under a key with its unit (e.g. `cpu_percent`). */
export interface ServiceMetric {
  key: string;
  metric: string;
  parts: ServicePart[];
  /** Absent data is normal (e.g. instance-store disks): not listed in `no_data`. */
  optional?: boolean;
}

/** What a per-service tool answers: the window, values per key, and keys without data. */
export const serviceOutput = {
  window: windowOutput,
  metrics: z.record(z.string(), z.record(z.string(), z.union([z.number(), z.string()]))),
  no_data: z.array(z.string()).optional(),
};

/** Values per metric key, e.g. `{cpu_percent: {avg: 12.3, max: 80, max_at: "…"}}`. */
export type ServiceValues = Record<string, Record<string, number | string>>;

/**
 * Fetches a service's metrics in one GetMetricData call and reduces each to a few values: the
 * shared body of `cloudwatch_get_instance_metrics`, `_get_lambda_metrics` and
 * `_get_ecs_service_metrics`.
 */
export async function serviceMetrics(
  cloudwatch: CloudWatch,
  request: {
    namespace: string;
    dimensions: Record<string, string>;
    metrics: readonly ServiceMetric[];
    window: Window;
  },
): Promise<{ metrics: ServiceValues; no_data: string[] }> {
  const { window } = request;
  const whole = Math.round((window.end.getTime() - window.start.getTime()) / 1000);
  const ids = new Map<string, string>();
  const queries: MetricDataQuery[] = [];
  const queryId = (metric: string, part: ServicePart) => {
    const key = `${metric}|${part.stat}|${part.mode === "window" ? "w" : "s"}`;
    let id = ids.get(key);
    if (!id) {
      id = `q${ids.size}`;
      ids.set(key, id);
      queries.push(metricQuery({
        id,
        namespace: request.namespace,
        metric,
        dimensions: request.dimensions,
        stat: part.stat,
        ...(part.mode === "window" ? { period: whole } : {}),
      }, window.period));
    }
    return id;
  };
  const plan = request.metrics.map((m) => ({
    metric: m,
    parts: m.parts.map((part) => ({ part, id: queryId(m.metric, part) })),
  }));
  const { series } = await fetchMetricData(cloudwatch, queries, window);
  const byId = new Map(series.map((s) => [s.id, s.points]));
  const metrics: ServiceValues = {};
  const noData: string[] = [];
  for (const { metric, parts } of plan) {
    const values: Record<string, number | string> = {};
    for (const { part, id } of parts) {
      const points = byId.get(id) ?? [];
      if (!points.length) continue;
      if (part.mode === "window") {
        values[part.field] = roundValue(windowAggregate(part.stat, points));
      } else if (part.mode === "peak") {
        const summary = summarize(points);
        values[part.field] = summary.max as number;
        // A flat series has no moment of its peak worth a token.
        if (summary.min !== summary.max) values[`${part.field}_at`] = summary.max_at as string;
      } else {
        values[part.field] = roundValue((points[points.length - 1] as Point).value);
      }
    }
    if (Object.keys(values).length) metrics[metric.key] = values;
    else if (!metric.optional) noData.push(metric.key);
  }
  return { metrics, no_data: noData };
}

/**
 * The one value of a whole-window query. AWS answers with one point; should a service (or an
 * emulator) split it, the points are combined as the statistic allows (percentiles: the mean).
 */
function windowAggregate(stat: string, points: readonly Point[]): number {
  const values = points.map((p) => p.value);
  if (stat === "Sum" || stat === "SampleCount") return values.reduce((a, b) => a + b, 0);
  if (stat === "Maximum") return Math.max(...values);
  if (stat === "Minimum") return Math.min(...values);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** A short time for one-line verdicts: `03:12Z` within a day, else `11-24T03:12Z`. */
export function shortTime(at: string, window: Window): string {
  const spanDays = (window.end.getTime() - window.start.getTime()) / 1000 / DAY;
  const hhmm = at.slice(11, 16);
  return spanDays <= 1 ? `${hhmm}Z` : `${at.slice(5, 10)}T${hhmm}Z`;
}
