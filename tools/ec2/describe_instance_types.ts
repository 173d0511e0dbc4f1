import type { InstanceTypeInfo } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

// Mac (x86_64_mac, arm64_mac) and i386 types are reachable by name: instance_types ["mac*"].
const ARCHITECTURES = ["x86_64", "arm64"] as const;

/** Instance type names or EC2 wildcards (`*`, `?`), e.g. `m7g.*`. */
export const instanceTypePatterns = z
  .array(z.string().regex(/^[a-z0-9*?.-]{1,64}$/, { error: "expected a type like t3.micro" }))
  .min(1)
  .max(100);

const typeRow = z.object({
  type: z.string(),
  vcpus: z.int().optional(),
  memory_gib: z.number().optional(),
  architectures: z.array(z.string()).optional(),
  gpu_count: z.int().optional(),
  gpu_name: z.string().optional(),
  network: z.string().optional(),
  current_generation: z.boolean().optional(),
  burstable: z.boolean().optional(),
  hypervisor: z.string().optional(),
  bare_metal: z.boolean().optional(),
});

/** GPUs of an instance type: their total count and their names, e.g. `NVIDIA T4`. */
export function gpuSummary(t: InstanceTypeInfo): { count: number; name: string | undefined } {
  const gpus = t.GpuInfo?.Gpus ?? [];
  const names = [...new Set(gpus.map((g) => [g.Manufacturer, g.Name].filter(Boolean).join(" ")))]
    .filter(Boolean);
  return {
    count: gpus.reduce((sum, g) => sum + (g.Count ?? 0), 0),
    name: names.length ? names.join(", ") : undefined,
  };
}

/** Memory in GiB, to three decimals (t3.nano: 0.5). */
export function memoryGib(t: InstanceTypeInfo): number | undefined {
  const mib = t.MemoryInfo?.SizeInMiB;
  return mib === undefined ? undefined : Math.round((mib / 1024) * 1000) / 1000;
}

/** The compact row of one instance type (no prices: see the pricing tools). */
export function instanceTypeSummary(t: InstanceTypeInfo): z.input<typeof typeRow> {
  const gpu = gpuSummary(t);
  return compact({
    type: t.InstanceType ?? "",
    vcpus: t.VCpuInfo?.DefaultVCpus,
    memory_gib: memoryGib(t),
    architectures: t.ProcessorInfo?.SupportedArchitectures,
    gpu_count: gpu.count || undefined,
    gpu_name: gpu.name,
    network: t.NetworkInfo?.NetworkPerformance,
    current_generation: t.CurrentGeneration,
    burstable: t.BurstablePerformanceSupported || undefined,
    hypervisor: t.Hypervisor,
    bare_metal: t.BareMetal || undefined,
  });
}

/** The client-side conditions EC2 has no filter for (there is no ">=" filter, nor a GPU one). */
export interface TypeThresholds {
  min_vcpus?: number | undefined;
  min_memory_gib?: number | undefined;
  gpu?: boolean | undefined;
}

/** Whether an instance type meets the thresholds. */
export function meetsThresholds(t: InstanceTypeInfo, want: TypeThresholds): boolean {
  if (want.min_vcpus !== undefined && (t.VCpuInfo?.DefaultVCpus ?? 0) < want.min_vcpus) {
    return false;
  }
  if (
    want.min_memory_gib !== undefined &&
    (t.MemoryInfo?.SizeInMiB ?? 0) < want.min_memory_gib * 1024
  ) return false;
  if (want.gpu !== undefined && (gpuSummary(t).count > 0) !== want.gpu) return false;
  return true;
}

/** `ec2_describe_instance_types`: compact, paged instance type specs matching the filters. */
export const describeInstanceTypes = defineTool({
  name: "ec2_describe_instance_types",
  toolset: "ec2_launch",
  title: "Describe instance types",
  description:
    "Instance type specs: vCPUs, memory GiB, CPU architectures, GPUs, network speed, current generation, burstable, hypervisor or bare metal. No prices. Filters AND; paged.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstanceTypes"],
  input: z.object({
    instance_types: instanceTypePatterns.optional().describe("Wildcards ok: m7g.*"),
    architecture: z.enum(ARCHITECTURES).optional(),
    min_vcpus: z.int().min(1).optional(),
    min_memory_gib: z.number().refine((gib) => gib > 0, { error: "expected a positive number" })
      .optional(),
    gpu: z.boolean().optional(),
    current_generation: z.boolean().optional(),
    burstable: z.boolean().optional(),
    ...pageInput,
  }),
  output: z.object({ instance_types: z.array(typeRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      // The filter, unlike InstanceTypes, takes wildcards and allows MaxResults.
      "instance-type": args.instance_types,
      "processor-info.supported-architecture": args.architecture,
      "current-generation": args.current_generation,
      "burstable-performance-supported": args.burstable,
    });
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeInstanceTypes({
        ...(filters.length ? { Filters: filters } : {}),
        MaxResults: 100,
        ...(token ? { NextToken: token } : {}),
      });
      // Filtered per AWS page, the same way every time, so next_token offsets stay valid.
      const matching = (out.InstanceTypes ?? []).filter((t) => meetsThresholds(t, args));
      return { items: matching.map(instanceTypeSummary), nextToken: out.NextToken };
    });
    return { instance_types: rows, ...more };
  },
});
