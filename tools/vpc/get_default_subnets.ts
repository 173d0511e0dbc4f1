import type { Subnet } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { defineTool } from "../tool.ts";
import { subnetRow, subnetSummary } from "./list_subnets.ts";

/** Upper bound on DescribeSubnets pages: a region has a few zones, so this is only a guard. */
const MAX_CALLS = 10;

/** `vpc_get_default_subnets`: the default VPC's default subnet of each zone, sorted by zone. */
export const getDefaultSubnets = defineTool({
  name: "vpc_get_default_subnets",
  toolset: "vpc",
  title: "Get the default subnets",
  description:
    "The default VPC's default subnets, one per Availability Zone, sorted by zone, as compact subnet rows: where an instance launched without a subnet lands. Empty with a note when the region has no default VPC or it has no default subnets.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
  input: z.object({}),
  output: z.object({
    vpc_id: z.string().optional(),
    subnets: z.array(subnetRow),
    note: z.string().optional(),
  }),
  async handler(_args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const vpcs = await ec2.describeVpcs({ Filters: [{ Name: "is-default", Values: ["true"] }] });
    const vpcId = vpcs.Vpcs?.[0]?.VpcId;
    if (!vpcId) {
      return { subnets: [], note: `${ctx.region} has no default VPC, so no default subnets` };
    }
    // Scoped to the default VPC as well: AWS marks default subnets only there, but emulators
    // (moto) mark the first subnet of a zone in any VPC.
    const found: Subnet[] = [];
    let token: string | undefined;
    for (let calls = 0; calls < MAX_CALLS; calls++) {
      const out = await ec2.describeSubnets({
        Filters: [
          { Name: "vpc-id", Values: [vpcId] },
          { Name: "default-for-az", Values: ["true"] },
        ],
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      });
      found.push(...(out.Subnets ?? []));
      if (!out.NextToken || out.NextToken === token) break;
      token = out.NextToken;
    }
    const byZone = new Map<string, Subnet>();
    for (const s of found) {
      const zone = s.AvailabilityZone ?? "";
      if (!byZone.has(zone)) byZone.set(zone, s);
    }
    const subnets = [...byZone.entries()]
      .sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0)
      .map(([, s]) => subnetSummary(s));
    return {
      vpc_id: vpcId,
      subnets,
      ...(subnets.length ? {} : { note: `the default VPC ${vpcId} has no default subnets` }),
    };
  },
});
