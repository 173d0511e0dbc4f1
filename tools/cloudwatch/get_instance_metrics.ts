import { z } from "zod";
import { instanceId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import {
  resolveWindow,
  type ServiceMetric,
  serviceMetrics,
  serviceOutput,
  type ServiceValues,
  shortTime,
  type Window,
  windowInput,
  windowRow,
} from "./_series.ts";

const total = [{ field: "total", stat: "Sum", mode: "window" }] as const;
const check = [
  { field: "max", stat: "Maximum", mode: "peak" },
  { field: "last", stat: "Maximum", mode: "last" },
] as const;

/** What `cloudwatch_get_instance_metrics` reports, by key (units in the keys). */
export const INSTANCE_METRICS: readonly ServiceMetric[] = [
  {
    key: "cpu_percent",
    metric: "CPUUtilization",
    parts: [
      { field: "avg", stat: "Average", mode: "window" },
      { field: "max", stat: "Maximum", mode: "peak" },
    ],
  },
  { key: "network_in_bytes", metric: "NetworkIn", parts: [...total] },
  { key: "network_out_bytes", metric: "NetworkOut", parts: [...total] },
  { key: "ebs_read_bytes", metric: "EBSReadBytes", parts: [...total], optional: true },
  { key: "ebs_write_bytes", metric: "EBSWriteBytes", parts: [...total], optional: true },
  { key: "disk_read_bytes", metric: "DiskReadBytes", parts: [...total], optional: true },
  { key: "disk_write_bytes", metric: "DiskWriteBytes", parts: [...total], optional: true },
  { key: "status_check_failed", metric: "StatusCheckFailed", parts: [...check] },
  {
    key: "status_check_failed_instance",
    metric: "StatusCheckFailed_Instance",
    parts: [...check],
    optional: true,
  },
  {
    key: "status_check_failed_system",
    metric: "StatusCheckFailed_System",
    parts: [...check],
    optional: true,
  },
];

const CHECKS = {
  status_check_failed: undefined,
  status_check_failed_instance: "instance",
  status_check_failed_system: "system",
} as const;

/**
 * The one-line verdict: status checks first (failing now, failed earlier and when, passing),
 * then CPU (`CPU avg 12%, peak 80% at 03:12Z`).
 */
export function instanceHealth(metrics: ServiceValues, window: Window): string {
  const keys = Object.keys(CHECKS) as (keyof typeof CHECKS)[];
  const which = (test: (values: Record<string, number | string>) => boolean) => {
    const hit = keys.filter((k) => metrics[k] && test(metrics[k]));
    const named = hit.flatMap((k) => CHECKS[k] ?? []);
    return { any: hit.length > 0, detail: named.length ? ` (${named.join(", ")})` : "", hit };
  };
  const now = which((v) => Number(v.last ?? 0) > 0);
  const earlier = which((v) => Number(v.max ?? 0) > 0);
  const first = earlier.hit.map((k) => String(metrics[k]?.max_at ?? "")).filter(Boolean).sort()[0];
  const checks = !keys.some((k) => metrics[k])
    ? "no status check data"
    : now.any
    ? `status checks failing${now.detail}`
    : earlier.any
    ? `status checks passing now; failed${earlier.detail}${
      first ? ` at ${shortTime(first, window)}` : ""
    }`
    : "status checks passing";
  const cpu = metrics.cpu_percent;
  const usage = !cpu
    ? "no CPU data (stopped, or not reporting)"
    : `CPU avg ${cpu.avg ?? "?"}%${
      cpu.max !== undefined
        ? `, peak ${cpu.max}%${cpu.max_at ? ` at ${shortTime(String(cpu.max_at), window)}` : ""}`
        : ""
    }`;
  return `${checks}; ${usage}`;
}

/** `cloudwatch_get_instance_metrics`: an EC2 instance's CPU, network, disk and status checks. */
export const getInstanceMetrics = defineTool({
  name: "cloudwatch_get_instance_metrics",
  toolset: "cloudwatch",
  title: "Get EC2 instance metrics",
  description:
    "An EC2 instance's CPU (avg, peak), network and EBS/disk bytes (totals) and status checks over a window (default last 3h), with a one-line health verdict. One GetMetricData call.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:GetMetricData"],
  input: z.object({ instance_id: instanceId, ...windowInput }),
  output: z.object({ ...serviceOutput, health: z.string() }),
  async handler(args, ctx) {
    const window = resolveWindow(args, new Date());
    const cloudwatch = await ctx.aws.client("cloudwatch");
    const result = await serviceMetrics(cloudwatch, {
      namespace: "AWS/EC2",
      dimensions: { InstanceId: args.instance_id },
      metrics: INSTANCE_METRICS,
      window,
    });
    return {
      window: windowRow(window),
      metrics: result.metrics,
      ...(result.no_data.length ? { no_data: result.no_data } : {}),
      health: instanceHealth(result.metrics, window),
    };
  },
});
