import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { defineTool } from "../tool.ts";
import {
  dimensionsInput,
  expressionQuery,
  fetchMetricData,
  metricQuery,
  periodInput,
  POINTS_BUDGET,
  resolveWindow,
  seriesSummary,
  statInput,
  summarize,
  windowInput,
  windowOutput,
  windowRow,
} from "./_series.ts";

const query = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,254}$/, "expected a-z then letters, digits, _"),
  namespace: z.string().min(1).max(255).optional(),
  metric: z.string().min(1).max(255).optional(),
  dimensions: dimensionsInput.optional(),
  stat: statInput.optional(),
  expression: z.string().min(1).max(2048).optional(),
  label: z.string().min(1).max(1024).optional(),
});

type Query = z.infer<typeof query>;

const input = z.object({
  queries: z.array(query).min(1).max(10).describe(
    "{id, namespace, metric, dimensions, stat=Average} or {id, expression}",
  ),
  ...windowInput,
  period: periodInput.optional().describe("Seconds; default gives ≤300 points"),
  include_points: z.boolean().optional(),
});

/** Checks each query has exactly one shape; names the offending field. */
function checkQueries(queries: readonly Query[]): void {
  const seen = new Set<string>();
  queries.forEach((q, i) => {
    const at = `queries.${i}`;
    if (seen.has(q.id)) throw invalidQuery(`${at}.id: "${q.id}" repeats`);
    seen.add(q.id);
    if (q.expression !== undefined) {
      const extra = (["namespace", "metric", "dimensions", "stat"] as const).find((k) =>
        q[k] !== undefined
      );
      if (extra) throw invalidQuery(`${at}.${extra}: not allowed with expression`);
    } else {
      if (q.namespace === undefined) throw invalidQuery(`${at}.namespace: required`);
      if (q.metric === undefined) throw invalidQuery(`${at}.metric: required`);
    }
  });
}

function invalidQuery(message: string): ToolError {
  return new ToolError(
    "InvalidInput",
    message,
    "a query is {id, namespace, metric, dimensions?, stat?} or {id, expression}",
  );
}

/** `cloudwatch_get_metric_data`: up to 10 metric or math series, each summarised in a few numbers. */
export const getMetricData = defineTool({
  name: "cloudwatch_get_metric_data",
  toolset: "cloudwatch_metrics",
  title: "Get CloudWatch metric data",
  description:
    "Up to 10 metric or metric-math series over a window (default last 3h), each summarised: count, min, max, avg, last, time of max, status. Raw points only with include_points (newest kept within ~30 KB).",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:GetMetricData"],
  input,
  output: z.object({
    window: windowOutput,
    series: z.array(
      z.object({ id: z.string(), label: z.string().optional(), ...seriesSummary.shape }).extend({
        messages: z.array(z.string()).optional(),
      }),
    ),
    messages: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    checkQueries(args.queries);
    const window = resolveWindow(args, new Date());
    const queries = args.queries.map((q) =>
      q.expression !== undefined
        ? expressionQuery({ id: q.id, expression: q.expression, label: q.label }, window.period)
        : metricQuery({
          id: q.id,
          namespace: q.namespace as string,
          metric: q.metric as string,
          dimensions: q.dimensions,
          stat: q.stat ?? "Average",
          label: q.label,
        }, window.period)
    );
    const cloudwatch = await ctx.aws.client("cloudwatch");
    const fetched = await fetchMetricData(cloudwatch, queries, window);
    const budget = Math.floor(POINTS_BUDGET / Math.max(1, fetched.series.length));
    const stats = new Map(args.queries.map((q) => [q.id, q.stat ?? "Average"]));
    const series = fetched.series.map((s) => ({
      id: s.id,
      // CloudWatch's default label is the id or the metric name: only a chosen one says more.
      ...(s.label && s.label !== s.id ? { label: s.label } : {}),
      ...summarize(s.points, {
        status: s.status,
        total: ["Sum", "SampleCount"].includes(stats.get(s.id) ?? ""),
        includePoints: args.include_points === true,
        pointsBudget: budget,
      }),
      ...(s.messages.length ? { messages: s.messages } : {}),
    }));
    const cut = series.some((s) => s.points_omitted);
    return {
      window: windowRow(window),
      series,
      ...(fetched.messages.length ? { messages: fetched.messages } : {}),
      ...(cut
        ? {
          note:
            "points cut to the newest that fit the size bound (see points_omitted): raise period or shorten the window",
        }
        : {}),
    };
  },
});
