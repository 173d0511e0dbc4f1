import { z } from "zod";
import { defineTool } from "../tool.ts";
import {
  resolveWindow,
  type ServiceMetric,
  serviceMetrics,
  serviceOutput,
  windowInput,
  windowRow,
} from "./_series.ts";

const avgAndPeak = [
  { field: "avg", stat: "Average", mode: "window" },
  { field: "max", stat: "Maximum", mode: "peak" },
] as const;

/** What `cloudwatch_get_ecs_service_metrics` reports, by key. */
export const ECS_SERVICE_METRICS: readonly ServiceMetric[] = [
  { key: "cpu_percent", metric: "CPUUtilization", parts: [...avgAndPeak] },
  { key: "memory_percent", metric: "MemoryUtilization", parts: [...avgAndPeak] },
];

/** A name, or the ARN it ends (`…:cluster/name`, `…:service/cluster/name`). */
const nameOrArn = z.string().min(1).max(1600);

/** The bare name of a cluster or service given by name or ARN. */
export function bareName(nameOrArn: string): string {
  return nameOrArn.startsWith("arn:") ? nameOrArn.split("/").pop() as string : nameOrArn;
}

/** `cloudwatch_get_ecs_service_metrics`: an ECS service's CPU and memory utilisation. */
export const getEcsServiceMetrics = defineTool({
  name: "cloudwatch_get_ecs_service_metrics",
  toolset: "cloudwatch_metrics",
  title: "Get ECS service metrics",
  description:
    "An ECS service's CPU and memory utilisation (% of reserved: avg, peak and its time) over a window (default last 3h). Cluster and service by name or ARN.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:GetMetricData"],
  input: z.object({ cluster: nameOrArn, service: nameOrArn, ...windowInput }),
  output: z.object(serviceOutput),
  async handler(args, ctx) {
    const window = resolveWindow(args, new Date());
    const cloudwatch = await ctx.aws.client("cloudwatch");
    const result = await serviceMetrics(cloudwatch, {
      namespace: "AWS/ECS",
      dimensions: { ClusterName: bareName(args.cluster), ServiceName: bareName(args.service) },
      metrics: ECS_SERVICE_METRICS,
      window,
    });
    return {
      window: windowRow(window),
      metrics: result.metrics,
      ...(result.no_data.length ? { no_data: result.no_data } : {}),
    };
  },
});
