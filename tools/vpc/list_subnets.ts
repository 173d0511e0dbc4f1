import type { Subnet } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, subnetId, vpcId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

/** The compact row schema of one subnet, shared by the subnet tools. */
export const subnetRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  vpc_id: z.string().optional(),
  cidr: z.string().optional(),
  zone: z.string().optional(),
  zone_id: z.string().optional(),
  available_ips: z.int().optional(),
  total_ips: z.int().optional(),
  map_public_ip: z.boolean(),
  default_for_az: z.boolean(),
  ipv6_cidrs: z.array(z.string()).optional(),
  state: z.string().optional(),
});

// AWS keeps the first four addresses and the last one of every subnet.
const RESERVED_IPS = 5;

/** Usable IPv4 addresses of a CIDR such as `10.0.1.0/24` (251), or undefined when not IPv4. */
export function usableIps(cidr: string | undefined): number | undefined {
  const prefix = Number(/^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(cidr ?? "")?.[1] ?? NaN);
  if (!Number.isInteger(prefix) || prefix > 32) return undefined;
  return Math.max(0, 2 ** (32 - prefix) - RESERVED_IPS);
}

/** The compact row of one subnet. */
export function subnetSummary(s: Subnet): z.input<typeof subnetRow> {
  const ipv6 = (s.Ipv6CidrBlockAssociationSet ?? [])
    .filter((a) => a.Ipv6CidrBlock && a.Ipv6CidrBlockState?.State === "associated")
    .map((a) => a.Ipv6CidrBlock as string);
  return compact({
    id: s.SubnetId ?? "",
    name: nameTag(s.Tags),
    vpc_id: s.VpcId,
    cidr: s.CidrBlock,
    zone: s.AvailabilityZone,
    zone_id: s.AvailabilityZoneId,
    available_ips: s.AvailableIpAddressCount,
    total_ips: usableIps(s.CidrBlock),
    map_public_ip: s.MapPublicIpOnLaunch ?? false,
    default_for_az: s.DefaultForAz ?? false,
    ipv6_cidrs: ipv6.length ? ipv6 : undefined,
    state: s.State,
  });
}

// Zone ids (use1-az1, usw2-lax1-az1) end in -az<n>; zone names never do.
const ZONE_ID = /-az\d+$/;

/** `vpc_list_subnets`: compact, paged rows of the subnets that match the filters. */
export const listSubnets = defineTool({
  name: "vpc_list_subnets",
  toolset: "vpc",
  title: "List subnets",
  description:
    "List subnets as compact rows (id, Name, VPC, CIDR, zone, free/usable IPs, public IP on launch, default for AZ, IPv6). Filters combine with AND; to page, repeat them with next_token.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSubnets"],
  input: z.object({
    vpc_id: vpcId.optional(),
    subnet_ids: idList(subnetId).optional(),
    zone: z.string().min(1).optional().describe("AZ name or ID"),
    default_for_az: z.boolean().optional(),
    tags: tagFilter.optional(),
    ...pageInput,
  }),
  output: z.object({ subnets: z.array(subnetRow), ...pageOutput }),
  async handler(args, ctx) {
    const zoneById = args.zone !== undefined && ZONE_ID.test(args.zone);
    const filters = ec2Filters({
      "vpc-id": args.vpc_id,
      "availability-zone": zoneById ? undefined : args.zone,
      "availability-zone-id": zoneById ? args.zone : undefined,
      "default-for-az": args.default_for_az,
    }, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeSubnets({
        ...(filters.length ? { Filters: filters } : {}),
        // Ids go without MaxResults: several Describe calls refuse the pair (see ec2_list_instances).
        ...(args.subnet_ids ? { SubnetIds: args.subnet_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: (out.Subnets ?? []).map(subnetSummary), nextToken: out.NextToken };
    });
    return { subnets: rows, ...more };
  },
});
