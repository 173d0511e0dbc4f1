import type {
  Datapoint,
  GetMetricStatisticsInput,
  StandardUnit,
  Statistic,
} from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { defineTool } from "../tool.ts";
import {
  dimensionsInput,
  periodInput,
  POINTS_BUDGET,
  resolveWindow,
  sdkDimensions,
  seriesSummary,
  statInput,
  STATISTICS,
  summarize,
  toPoints,
  unitInput,
  windowInput,
  windowOutput,
  windowRow,
} from "./_series.ts";

const BASIC = new Set<string>(STATISTICS);

/** GetMetricStatistics answers at most 1,440 datapoints per call. */
const MAX_DATAPOINTS = 1440;

const input = z.object({
  namespace: z.string().min(1).max(255),
  metric: z.string().min(1).max(255),
  dimensions: dimensionsInput.optional(),
  statistics: z.array(statInput).min(1).max(10).optional().describe(
    "Default Average",
  ),
  ...windowInput,
  period: periodInput.optional(),
  unit: unitInput.optional(),
  include_points: z.boolean().optional(),
});

function value(point: Datapoint, stat: string): number | undefined {
  const basic = point[stat as (typeof STATISTICS)[number]];
  return typeof basic === "number" ? basic : point.ExtendedStatistics?.[stat];
}

/** `cloudwatch_get_metric_statistics`: one metric's statistics over a window, each summarised. */
export const getMetricStatistics = defineTool({
  name: "cloudwatch_get_metric_statistics",
  toolset: "cloudwatch",
  title: "Get CloudWatch metric statistics",
  description:
    "One metric's statistics (Average, p99…) per period over a window (default 3h), each summarised: count, min, max, avg, last, time of max.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:GetMetricStatistics"],
  input,
  output: z.object({
    window: windowOutput,
    unit: z.string().optional(),
    stats: z.record(z.string(), seriesSummary),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const names = [...new Set(args.statistics ?? ["Average"])];
    // GetMetricStatistics takes the five basic statistics and percentile-style ones apart.
    const statistics = names.filter((s) => BASIC.has(s));
    const extended = names.filter((s) => !BASIC.has(s));
    const window = resolveWindow(args, new Date(), MAX_DATAPOINTS);
    const dimensions = sdkDimensions(args.dimensions);
    const cloudwatch = await ctx.aws.client("cloudwatch");
    const ask = async (kind: Pick<GetMetricStatisticsInput, "Statistics" | "ExtendedStatistics">) =>
      (await cloudwatch.getMetricStatistics({
        Namespace: args.namespace,
        MetricName: args.metric,
        ...(dimensions.length ? { Dimensions: dimensions } : {}),
        StartTime: window.start,
        EndTime: window.end,
        Period: window.period,
        ...kind,
        ...(args.unit ? { Unit: args.unit as StandardUnit } : {}),
      })).Datapoints ?? [];
    // AWS takes Statistics or ExtendedStatistics in one call, not both: mixed asks make two.
    const [basic, percentiles] = await Promise.all([
      statistics.length ? ask({ Statistics: statistics as Statistic[] }) : [],
      extended.length ? ask({ ExtendedStatistics: extended }) : [],
    ]);
    const budget = Math.floor(POINTS_BUDGET / names.length);
    const stats = Object.fromEntries(names.map((stat) => {
      const datapoints = BASIC.has(stat) ? basic : percentiles;
      return [
        stat,
        summarize(
          toPoints(datapoints.map((d) => d.Timestamp), datapoints.map((d) => value(d, stat))),
          {
            total: stat === "Sum" || stat === "SampleCount",
            includePoints: args.include_points === true,
            pointsBudget: budget,
          },
        ),
      ];
    }));
    const unit = [...basic, ...percentiles].find((d) => d.Unit)?.Unit;
    const cut = Object.values(stats).some((s) => s.points_omitted);
    return {
      window: windowRow(window),
      ...(unit ? { unit } : {}),
      stats,
      ...(cut
        ? {
          note:
            "points cut to the newest that fit the size bound (see points_omitted): raise period or shorten the window",
        }
        : {}),
    };
  },
});
