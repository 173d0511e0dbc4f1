import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeInstanceTypes, instanceTypeSummary } from "./describe_instance_types.ts";

const t3 = (size: string, vcpus: number, mib: number) => ({
  InstanceType: `t3.${size}`,
  CurrentGeneration: true,
  BurstablePerformanceSupported: true,
  BareMetal: false,
  Hypervisor: "nitro",
  ProcessorInfo: { SupportedArchitectures: ["x86_64"] },
  VCpuInfo: { DefaultVCpus: vcpus },
  MemoryInfo: { SizeInMiB: mib },
  NetworkInfo: { NetworkPerformance: "Up to 5 Gigabit" },
});
const g4dn = {
  InstanceType: "g4dn.xlarge",
  CurrentGeneration: true,
  BurstablePerformanceSupported: false,
  BareMetal: false,
  Hypervisor: "nitro",
  ProcessorInfo: { SupportedArchitectures: ["x86_64"] },
  VCpuInfo: { DefaultVCpus: 4 },
  MemoryInfo: { SizeInMiB: 16384 },
  NetworkInfo: { NetworkPerformance: "Up to 25 Gigabit" },
  GpuInfo: { Gpus: [{ Name: "T4", Manufacturer: "NVIDIA", Count: 1 }] },
};
const metal = {
  InstanceType: "m5.metal",
  CurrentGeneration: true,
  BareMetal: true,
  ProcessorInfo: { SupportedArchitectures: ["x86_64"] },
  VCpuInfo: { DefaultVCpus: 96 },
  MemoryInfo: { SizeInMiB: 393216 },
  NetworkInfo: { NetworkPerformance: "25 Gigabit" },
};

Deno.test("instanceTypeSummary writes memory in GiB, GPUs and bare metal", () => {
  deepEqual(instanceTypeSummary(t3("nano", 2, 512) as never), {
    type: "t3.nano",
    vcpus: 2,
    memory_gib: 0.5,
    architectures: ["x86_64"],
    network: "Up to 5 Gigabit",
    current_generation: true,
    burstable: true,
    hypervisor: "nitro",
  });
  deepEqual(instanceTypeSummary(g4dn as never), {
    type: "g4dn.xlarge",
    vcpus: 4,
    memory_gib: 16,
    architectures: ["x86_64"],
    gpu_count: 1,
    gpu_name: "NVIDIA T4",
    network: "Up to 25 Gigabit",
    current_generation: true,
    hypervisor: "nitro",
  });
  deepEqual(instanceTypeSummary(metal as never), {
    type: "m5.metal",
    vcpus: 96,
    memory_gib: 384,
    architectures: ["x86_64"],
    network: "25 Gigabit",
    current_generation: true,
    bare_metal: true,
  });
});

Deno.test("ec2_describe_instance_types sends EC2 filters and applies minimums and gpu itself", async () => {
  const aws = stubAws({
    ec2: {
      describeInstanceTypes: () => ({
        InstanceTypes: [t3("micro", 2, 1024), t3("medium", 2, 4096), g4dn, t3("xlarge", 4, 16384)],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstanceTypes] });
  try {
    type Page = { instance_types: { type: string }[]; next_token?: string };
    const out = await callOk<Page>(client, "ec2_describe_instance_types", {
      instance_types: ["t3.*", "g4dn.xlarge"],
      architecture: "x86_64",
      min_vcpus: 2,
      min_memory_gib: 4,
      gpu: false,
      current_generation: true,
      burstable: true,
    });
    deepEqual(out.instance_types.map((t) => t.type), ["t3.medium", "t3.xlarge"]);
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "instance-type", Values: ["t3.*", "g4dn.xlarge"] },
        { Name: "processor-info.supported-architecture", Values: ["x86_64"] },
        { Name: "current-generation", Values: ["true"] },
        { Name: "burstable-performance-supported", Values: ["true"] },
      ],
      MaxResults: 100,
    });
    const gpus = await callOk<Page>(client, "ec2_describe_instance_types", { gpu: true });
    deepEqual(gpus.instance_types.map((t) => t.type), ["g4dn.xlarge"]);
    deepEqual(aws.calls[1]?.input, { MaxResults: 100 });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instance_types pages the filtered rows with a token that stays valid", async () => {
  const pages: Record<string, unknown> = {
    "": { InstanceTypes: [t3("micro", 2, 1024), t3("medium", 2, 4096)], NextToken: "p2" },
    p2: { InstanceTypes: [t3("small", 2, 2048), t3("large", 2, 8192), t3("xlarge", 4, 16384)] },
  };
  const aws = stubAws({
    ec2: {
      describeInstanceTypes: (input: { NextToken?: string }) => pages[input.NextToken ?? ""],
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstanceTypes] });
  try {
    type Page = { instance_types: { type: string }[]; next_token?: string };
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page: Page = await callOk<Page>(client, "ec2_describe_instance_types", {
        min_memory_gib: 4,
        max_results: 1,
        ...(token ? { next_token: token } : {}),
      });
      seen.push(...page.instance_types.map((t) => t.type));
      token = page.next_token;
    } while (token);
    deepEqual(seen, ["t3.medium", "t3.large", "t3.xlarge"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instance_types names bad filters", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeInstanceTypes],
  });
  try {
    const bad = await call(client, "ec2_describe_instance_types", {
      architecture: "amd64",
      min_vcpus: 0,
      min_memory_gib: -1,
      instance_types: ["T3 Micro"],
    });
    equal(bad.isError, true);
    match(text(bad), /architecture: Invalid option/);
    match(text(bad), /min_vcpus: Too small/);
    match(text(bad), /min_memory_gib: expected a positive number/);
    match(text(bad), /instance_types\.0: expected a type like t3\.micro/);
  } finally {
    await close();
  }
});
