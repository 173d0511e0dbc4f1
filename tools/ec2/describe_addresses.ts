import type { Address } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { allocationId, idList } from "../../schemas/ids.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const addressRow = z.object({
  public_ip: z.string().optional(),
  allocation_id: z.string().optional(),
  name: z.string().optional(),
  domain: z.string().optional(),
  instance_id: z.string().optional(),
  network_interface_id: z.string().optional(),
  private_ip: z.string().optional(),
  association_id: z.string().optional(),
  unassociated: z.literal(true).optional(),
  network_border_group: z.string().optional(),
});

/** Whether an Elastic IP is attached to nothing (AWS bills idle addresses). */
export function isUnassociated(a: Address): boolean {
  return !a.AssociationId && !a.InstanceId && !a.NetworkInterfaceId;
}

/** The compact row of one Elastic IP; `unassociated: true` marks an idle, billed address. */
export function addressSummary(a: Address): z.input<typeof addressRow> {
  return compact({
    public_ip: a.PublicIp,
    allocation_id: a.AllocationId,
    name: nameTag(a.Tags),
    domain: a.Domain,
    instance_id: a.InstanceId,
    network_interface_id: a.NetworkInterfaceId,
    private_ip: a.PrivateIpAddress,
    association_id: a.AssociationId,
    unassociated: isUnassociated(a) ? true as const : undefined,
    network_border_group: a.NetworkBorderGroup,
  });
}

/** `ec2_describe_addresses`: Elastic IPs, what each is attached to, and how many are idle. */
export const describeAddresses = defineTool({
  name: "ec2_describe_addresses",
  toolset: "vpc_gateways",
  title: "Describe Elastic IPs",
  description:
    "Elastic IPs (public IP, allocation id, Name, domain) and what each is associated with (instance, network interface, private IP). Idle ones are flagged unassociated: true and counted in unassociated_count: AWS bills them. Over ~40 KB the rest is counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeAddresses"],
  input: z.object({
    allocation_ids: idList(allocationId).optional(),
    tags: tagFilter.optional(),
  }),
  output: z.object({
    addresses: z.array(addressRow),
    unassociated_count: z.int(),
    omitted: z.int().optional(),
  }),
  async handler(args, ctx) {
    const filters = ec2Filters({}, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    // DescribeAddresses does not page: one call returns every address of the region.
    const out = await ec2.describeAddresses({
      ...(filters.length ? { Filters: filters } : {}),
      ...(args.allocation_ids ? { AllocationIds: args.allocation_ids } : {}),
    });
    const addresses = out.Addresses ?? [];
    const { items, omitted } = fitBytes(addresses.map(addressSummary));
    return {
      addresses: items,
      unassociated_count: addresses.filter(isUnassociated).length,
      ...(omitted ? { omitted } : {}),
    };
  },
});
