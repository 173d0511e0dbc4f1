import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { defineTool } from "../tool.ts";

/** The eight bytes every PNG file starts with. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** CloudWatch keeps metric data for 15 months. */
const MAX_HOURS = 10_920;
const DEFAULT_HOURS = 3;
const size = z.int().min(100).max(2000);

const metricSpec = z.object({
  namespace: z.string().min(1).max(255),
  metric: z.string().min(1).max(255),
  dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024)).optional(),
  stat: z.string().min(1).max(40).default("Average"),
});

// The MetricWidget fields this tool reads or CloudWatch documents, checked before AWS is asked.
const widgetSchema = z.looseObject({
  metrics: z.array(z.array(z.unknown()).min(1)).min(1).max(100),
  view: z.enum(["timeSeries", "bar", "pie"]).optional(),
  stacked: z.boolean().optional(),
  title: z.string().max(500).optional(),
  width: size.optional(),
  height: size.optional(),
  start: z.string().min(1).optional(),
  end: z.string().min(1).optional(),
  period: z.int().min(1).optional(),
  stat: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  timezone: z.string().optional(),
  liveData: z.boolean().optional(),
  yAxis: z.record(z.string(), z.unknown()).optional(),
  annotations: z.record(z.string(), z.unknown()).optional(),
  legend: z.record(z.string(), z.unknown()).optional(),
});

const input = z.object({
  metrics: z.array(metricSpec).min(1).max(20).optional(),
  metric_widget: z.record(z.string(), z.unknown()).optional(),
  hours: z.int().min(1).max(MAX_HOURS).optional().describe(
    `Window ending now; default ${DEFAULT_HOURS}`,
  ),
  width: size.optional(),
  height: size.optional(),
  title: z.string().max(500).optional(),
});

type Input = z.infer<typeof input>;
type Widget = z.infer<typeof widgetSchema>;

function invalid(message: string, hint: string): ToolError {
  return new ToolError("InvalidInput", message, hint);
}

/** The widget to render: built from `metrics`, or the raw one checked; explicit arguments win. */
function widgetFor(args: Input, region: string): { widget: Widget; what: string } {
  if ((args.metrics === undefined) === (args.metric_widget === undefined)) {
    throw invalid(
      "metrics: give exactly one of metrics, metric_widget",
      "pass metrics [{namespace, metric, dimensions, stat}] or a raw metric_widget",
    );
  }
  let base: Widget;
  let what: string;
  if (args.metrics) {
    base = {
      view: "timeSeries",
      metrics: args.metrics.map((m) => [
        m.namespace,
        m.metric,
        ...Object.entries(m.dimensions ?? {}).flat(),
        { stat: m.stat },
      ]),
    };
    what = args.metrics.map((m) => {
      const dims = Object.entries(m.dimensions ?? {}).map(([k, v]) => ` ${k}=${v}`).join("");
      return `${m.namespace}/${m.metric}${dims} (${m.stat})`;
    }).join(", ");
  } else {
    const parsed = widgetSchema.safeParse(args.metric_widget);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = ["metric_widget", ...(issue?.path ?? []).map(String)].join(".");
      throw invalid(
        `${path}: ${issue?.message ?? "invalid"}`,
        'metric_widget needs metrics: [["Namespace", "Metric", "DimName", "DimValue", {"stat": "Average"}]]',
      );
    }
    base = parsed.data;
    const n = base.metrics.length;
    what = base.title ?? `${n} metric${n === 1 ? "" : "s"} (raw widget)`;
  }
  const hours = args.hours ?? (base.start ? undefined : DEFAULT_HOURS);
  const widget: Widget = {
    ...base,
    region: base.region ?? region,
    width: args.width ?? base.width ?? 600,
    height: args.height ?? base.height ?? 400,
    ...(hours ? { start: `-PT${hours}H`, end: "P0D" } : {}),
    ...(args.title !== undefined ? { title: args.title } : {}),
  };
  const window = hours ? `last ${hours}h` : `${widget.start} to ${widget.end ?? "now"}`;
  return { widget, what: `${what}, ${window}` };
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** `cloudwatch_get_metric_image`: a PNG graph of metrics, attached to the result as an image. */
export const getMetricImage = defineTool({
  name: "cloudwatch_get_metric_image",
  toolset: "cloudwatch_metrics",
  title: "Graph CloudWatch metrics as an image",
  description:
    "Graph CloudWatch metrics as a PNG image attached to the result. Give metrics, or a raw GetMetricWidgetImage metric_widget JSON. Returns a one-line summary.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:GetMetricWidgetImage"],
  input,
  output: z.object({ summary: z.string(), bytes: z.int() }),
  async handler(args, ctx) {
    const { widget, what } = widgetFor(args, ctx.region);
    const cw = await ctx.aws.client("cloudwatch");
    const out = await cw.getMetricWidgetImage({
      MetricWidget: JSON.stringify(widget),
      OutputFormat: "png",
    });
    const png = out.MetricWidgetImage ?? new Uint8Array();
    if (png.length < 8 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) {
      throw new ToolError(
        "InvalidImage",
        `GetMetricWidgetImage returned ${png.length} bytes that are not a PNG`,
        "retry later; if it persists, check the metric_widget JSON",
      );
    }
    ctx.attachImage(base64(png), "image/png");
    return {
      summary: `PNG ${widget.width}×${widget.height}, ${png.length} bytes: ${what}`,
      bytes: png.length,
    };
  },
});
