import type { Vpc } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, vpcId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

/** The compact row of a VPC, shared by the VPC tools. */
export const vpcRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  cidr: z.string().optional(),
  extra_cidrs: z.array(z.string()).optional(),
  ipv6_cidrs: z.array(z.string()).optional(),
  state: z.string().optional(),
  is_default: z.boolean(),
  tenancy: z.string().optional(),
  owner_id: z.string().optional(),
});

/** The compact row of one VPC. */
export function vpcSummary(v: Vpc): z.input<typeof vpcRow> {
  const extra = (v.CidrBlockAssociationSet ?? [])
    .filter((a) =>
      a.CidrBlock && a.CidrBlock !== v.CidrBlock && a.CidrBlockState?.State === "associated"
    )
    .map((a) => a.CidrBlock as string);
  const ipv6 = (v.Ipv6CidrBlockAssociationSet ?? [])
    .filter((a) => a.Ipv6CidrBlock && a.Ipv6CidrBlockState?.State === "associated")
    .map((a) => a.Ipv6CidrBlock as string);
  return compact({
    id: v.VpcId ?? "",
    name: nameTag(v.Tags),
    cidr: v.CidrBlock,
    extra_cidrs: extra.length ? extra : undefined,
    ipv6_cidrs: ipv6.length ? ipv6 : undefined,
    state: v.State,
    is_default: v.IsDefault ?? false,
    tenancy: v.InstanceTenancy,
    owner_id: v.OwnerId,
  });
}

/** `vpc_list_vpcs`: compact, paged rows of the VPCs that match the filters. */
export const listVpcs = defineTool({
  name: "vpc_list_vpcs",
  toolset: "vpc",
  title: "List VPCs",
  description:
    "List VPCs as compact rows (id, Name, CIDRs, state, default or not, tenancy, owner). Filters combine with AND. Paged: pass next_token back with the same filters.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeVpcs"],
  input: z.object({
    vpc_ids: idList(vpcId).optional(),
    is_default: z.boolean().optional(),
    cidr: z.string().min(1).optional().describe("Primary IPv4 CIDR, exact, e.g. 10.0.0.0/16"),
    tags: tagFilter.optional(),
    ...pageInput,
  }),
  output: z.object({ vpcs: z.array(vpcRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      "is-default": args.is_default,
      "cidr-block-association.cidr-block": args.cidr,
    }, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeVpcs({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.vpc_ids ? { VpcIds: args.vpc_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: (out.Vpcs ?? []).map(vpcSummary), nextToken: out.NextToken };
    });
    return { vpcs: rows, ...more };
  },
});
