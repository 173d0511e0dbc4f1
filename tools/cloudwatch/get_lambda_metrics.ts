import { z } from "zod";
import { defineTool } from "../tool.ts";
import {
  resolveWindow,
  roundValue,
  type ServiceMetric,
  serviceMetrics,
  serviceOutput,
  windowInput,
  windowRow,
} from "./_series.ts";

const total = [{ field: "total", stat: "Sum", mode: "window" }] as const;

/** What `cloudwatch_get_lambda_metrics` reports, by key. */
export const LAMBDA_METRICS: readonly ServiceMetric[] = [
  { key: "invocations", metric: "Invocations", parts: [...total] },
  { key: "errors", metric: "Errors", parts: [...total] },
  { key: "throttles", metric: "Throttles", parts: [...total] },
  {
    key: "duration_ms",
    metric: "Duration",
    parts: [
      { field: "p50", stat: "p50", mode: "window" },
      { field: "p99", stat: "p99", mode: "window" },
      { field: "max", stat: "Maximum", mode: "peak" },
    ],
  },
  {
    key: "concurrent_executions",
    metric: "ConcurrentExecutions",
    parts: [{ field: "max", stat: "Maximum", mode: "peak" }],
  },
];

/** A function name, ARN or partial ARN, as Lambda accepts it; metrics use the bare name. */
const functionName = z.string().min(1).max(170).regex(
  /^(arn:[\w-]+:lambda:[\w-]+:\d{12}:function:)?[\w-]{1,64}$/,
  "expected a function name like my-function (or its ARN, without a qualifier)",
);

/** `cloudwatch_get_lambda_metrics`: a Lambda function's invocations, errors, throttles, duration. */
export const getLambdaMetrics = defineTool({
  name: "cloudwatch_get_lambda_metrics",
  toolset: "cloudwatch_metrics",
  title: "Get Lambda function metrics",
  description:
    "A Lambda function's invocations, errors, throttles (totals), error rate, duration p50/p99/max (ms) and peak concurrency over a window (default last 3h). One GetMetricData call.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:GetMetricData"],
  input: z.object({ function_name: functionName, ...windowInput }),
  output: z.object({ ...serviceOutput, error_rate_percent: z.number().optional() }),
  async handler(args, ctx) {
    const window = resolveWindow(args, new Date());
    const name = args.function_name.split(":").pop() as string;
    const cloudwatch = await ctx.aws.client("cloudwatch");
    const result = await serviceMetrics(cloudwatch, {
      namespace: "AWS/Lambda",
      dimensions: { FunctionName: name },
      metrics: LAMBDA_METRICS,
      window,
    });
    const invocations = Number(result.metrics.invocations?.total ?? 0);
    const errors = Number(result.metrics.errors?.total ?? 0);
    return {
      window: windowRow(window),
      metrics: result.metrics,
      ...(result.no_data.length ? { no_data: result.no_data } : {}),
      ...(invocations > 0 ? { error_rate_percent: roundValue((100 * errors) / invocations) } : {}),
    };
  },
});
