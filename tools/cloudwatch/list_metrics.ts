import type { DimensionFilter, Metric } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";

/** The compact row of one metric: its namespace, name and dimensions `{name: value}`. */
export const metricRow = z.object({
  namespace: z.string(),
  metric: z.string(),
  dimensions: z.record(z.string(), z.string()).optional(),
});

/** The compact row of a metric as ListMetrics returns it. */
export function metricSummary(m: Metric): z.input<typeof metricRow> {
  const dimensions = Object.fromEntries(
    (m.Dimensions ?? []).map((d) => [d.Name ?? "", d.Value ?? ""]),
  );
  return compact({
    namespace: m.Namespace ?? "",
    metric: m.MetricName ?? "",
    dimensions: Object.keys(dimensions).length ? dimensions : undefined,
  });
}

/** ListMetrics' `Dimensions` filter: `"*"` leaves the value out, which matches any value. */
export function dimensionFilters(
  dimensions: Record<string, string> | undefined,
): DimensionFilter[] {
  return Object.entries(dimensions ?? {}).map(([Name, Value]) =>
    Value === "*" ? { Name } : { Name, Value }
  );
}

const input = z.object({
  namespace: z.string().min(1).max(255).optional(),
  metric: z.string().min(1).max(255).optional(),
  dimensions: z
    .record(z.string().min(1).max(255), z.string().min(1).max(1024))
    .refine((d) => Object.keys(d).length <= 10, { error: "at most 10 dimensions" })
    .optional()
    .describe('{name: value}; "*" = any value'),
  recently_active: z.boolean().optional().describe("With data in the last 3h"),
  ...pageInput,
});

/** `cloudwatch_list_metrics`: compact, paged rows of the metrics that match the filters. */
export const listMetrics = defineTool({
  name: "cloudwatch_list_metrics",
  toolset: "cloudwatch",
  title: "List CloudWatch metrics",
  description:
    "Metrics as rows {namespace, metric, dimensions} matching all filters, usable as cloudwatch_get_metric_data queries. Paged: pass next_token back with the same filters.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:ListMetrics"],
  input,
  output: z.object({ metrics: z.array(metricRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = dimensionFilters(args.dimensions);
    const cloudwatch = await ctx.aws.client("cloudwatch");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await cloudwatch.listMetrics({
        ...(args.namespace ? { Namespace: args.namespace } : {}),
        ...(args.metric ? { MetricName: args.metric } : {}),
        ...(filters.length ? { Dimensions: filters } : {}),
        ...(args.recently_active ? { RecentlyActive: "PT3H" as const } : {}),
        ...(token ? { NextToken: token } : {}),
      });
      // A metric appears once per page (moto repeats multi-dimension metrics per datum).
      const seen = new Set<string>();
      const items = (out.Metrics ?? []).map(metricSummary).filter((row) => {
        const key = JSON.stringify(row);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return { items, nextToken: out.NextToken };
    });
    return { metrics: rows, ...more };
  },
});
