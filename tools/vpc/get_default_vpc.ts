import { z } from "zod";
import { defineTool } from "../tool.ts";
import { countSubnets } from "./_routes.ts";
import { vpcRow, vpcSummary } from "./list_vpcs.ts";

/** `vpc_get_default_vpc`: the region's default VPC as a compact row, or null with a note. */
export const getDefaultVpc = defineTool({
  name: "vpc_get_default_vpc",
  toolset: "vpc",
  title: "Get the default VPC",
  description:
    "The region's default VPC as a compact row (id, CIDRs, state, tenancy, owner) plus its subnet count. When the region has none (deleted, or an old account), returns vpc: null with a note; not an error.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeVpcs", "ec2:DescribeSubnets"],
  input: z.object({}),
  output: z.object({
    vpc: vpcRow.nullable(),
    subnet_count: z.int().optional(),
    note: z.string().optional(),
  }),
  async handler(_args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeVpcs({ Filters: [{ Name: "is-default", Values: ["true"] }] });
    const vpc = out.Vpcs?.[0];
    if (!vpc?.VpcId) {
      return {
        vpc: null,
        note:
          `${ctx.region} has no default VPC: pick another with vpc_list_vpcs, or recreate one with aws ec2 create-default-vpc`,
      };
    }
    return { vpc: vpcSummary(vpc), subnet_count: await countSubnets(ec2, vpc.VpcId) };
  },
});
