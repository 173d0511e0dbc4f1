import type { NetworkAcl } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { idList, networkAclId, subnetId, vpcId } from "../../schemas/ids.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";
import { renderNaclRules } from "./_render.ts";

const aclRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  vpc_id: z.string().optional(),
  default: z.boolean(),
  subnets: z.array(z.string()).optional(),
  inbound: z.array(z.string()),
  outbound: z.array(z.string()),
});

/** The compact row of one network ACL, rules in evaluation order (see `renderNaclEntry`). */
export function networkAclSummary(acl: NetworkAcl): z.input<typeof aclRow> {
  const subnets = (acl.Associations ?? []).flatMap((a) => a.SubnetId ? [a.SubnetId] : []);
  return compact({
    id: acl.NetworkAclId ?? "",
    name: nameTag(acl.Tags),
    vpc_id: acl.VpcId,
    default: acl.IsDefault ?? false,
    subnets: subnets.length ? subnets : undefined,
    ...renderNaclRules(acl.Entries),
  });
}

/** `vpc_describe_network_acls`: network ACLs with their subnets and rules in evaluation order. */
export const describeNetworkAcls = defineTool({
  name: "vpc_describe_network_acls",
  toolset: "vpc_gateways",
  title: "Describe network ACLs",
  description:
    'Network ACLs (id, VPC, default, associated subnets) with inbound and outbound rules in evaluation order, like "100 allow tcp 22 from 0.0.0.0/0"; "*" is the final catch-all. subnet_id finds the ACL of that subnet. Over ~40 KB the rest is counted in omitted.',
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeNetworkAcls"],
  input: z.object({
    vpc_id: vpcId.optional(),
    subnet_id: subnetId.optional(),
    network_acl_ids: idList(networkAclId).optional(),
    tags: tagFilter.optional(),
  }),
  output: z.object({ network_acls: z.array(aclRow), omitted: z.int().optional() }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      "vpc-id": args.vpc_id,
      "association.subnet-id": args.subnet_id,
    }, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const acls = await allPages(async (token) => {
      const out = await ec2.describeNetworkAcls({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.network_acl_ids ? { NetworkAclIds: args.network_acl_ids } : { MaxResults: 100 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.NetworkAcls ?? [], nextToken: out.NextToken };
    });
    const { items, omitted } = fitBytes(acls.map(networkAclSummary));
    return { network_acls: items, ...(omitted ? { omitted } : {}) };
  },
});
