import type { Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { fitBytes, prune } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { describeInstances as fetchInstances, instanceIds } from "./_instance.ts";

/** Top-level fields that rarely answer a question (set at launch, or AWS defaults). */
const LOW_VALUE = new Set([
  "ClientToken",
  "AmiLaunchIndex",
  "Hypervisor",
  "VirtualizationType",
  "EnaSupport",
  "SourceDestCheck",
  "CapacityReservationSpecification",
  "HibernationOptions",
  "EnclaveOptions",
  "MaintenanceOptions",
  "PrivateDnsNameOptions",
  "UsageOperation",
  "UsageOperationUpdateTime",
  "CurrentInstanceBootMode",
  "NetworkPerformanceOptions",
  "Operator",
  "ProductCodes",
]);

/**
 * The instance without what the rest of it already says: network interfaces repeat the IPs,
 * DNS names, groups, VPC and subnet of the instance, so each keeps its id, device index and any
 * extra addresses; disks keep device, volume and delete-on-termination.
 */
export function leanInstance(i: Instance): Record<string, unknown> {
  const lean: Record<string, unknown> = Object.fromEntries(
    Object.entries(i).filter(([k]) => !LOW_VALUE.has(k)),
  );
  lean.NetworkInterfaces = i.NetworkInterfaces?.map((n) => ({
    NetworkInterfaceId: n.NetworkInterfaceId,
    DeviceIndex: n.Attachment?.DeviceIndex,
    ...(n.SubnetId !== i.SubnetId ? { SubnetId: n.SubnetId } : {}),
    // The primary address is the instance's PrivateIpAddress; only the others are news.
    SecondaryPrivateIps: n.PrivateIpAddresses?.filter((a) => !a.Primary).map((a) =>
      a.PrivateIpAddress
    ),
    Ipv6Addresses: n.Ipv6Addresses?.map((a) => a.Ipv6Address),
  }));
  lean.BlockDeviceMappings = i.BlockDeviceMappings?.map((b) => ({
    DeviceName: b.DeviceName,
    Ebs: b.Ebs && { VolumeId: b.Ebs.VolumeId, DeleteOnTermination: b.Ebs.DeleteOnTermination },
  }));
  if (i.MetadataOptions) {
    const { State: _, ...options } = i.MetadataOptions;
    lean.MetadataOptions = options;
  }
  if (i.Placement?.Tenancy === "default") {
    const { Tenancy: _, ...placement } = i.Placement;
    lean.Placement = placement;
  }
  return lean;
}

/** `ec2_describe_instances`: the full AWS Instance objects of up to 50 ids, pruned and byte-bounded. */
export const describeInstances = defineTool({
  name: "ec2_describe_instances",
  toolset: "ec2",
  title: "Describe EC2 instances",
  description:
    "Detail of EC2 instances by id in the AWS Instance shape, without duplicated or low-value fields (full: true gives the whole shape). Find ids with ec2_list_instances. Past ~40 KB, trailing instances are left out and counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstances"],
  input: z.object({ instance_ids: instanceIds, full: z.boolean().optional() }),
  output: z.object({
    instances: z.array(z.record(z.string(), z.unknown())),
    omitted: z.int().optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const found = await fetchInstances(ec2, args.instance_ids);
    const pruned = found.map((i) =>
      (prune(args.full ? i : leanInstance(i)) ?? {}) as Record<string, unknown>
    );
    const { items, omitted } = fitBytes(pruned);
    return { instances: items, ...(omitted ? { omitted } : {}) };
  },
});
