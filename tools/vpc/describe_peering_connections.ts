import type { VpcPeeringConnection, VpcPeeringConnectionVpcInfo } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { idList, peeringConnectionId, vpcId } from "../../schemas/ids.ts";
import { ec2Filters, nameTag } from "../../schemas/tags.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";

const STATUSES = [
  "initiating-request",
  "pending-acceptance",
  "provisioning",
  "active",
  "rejected",
  "failed",
  "expired",
  "deleting",
  "deleted",
] as const;

const side = z.object({
  vpc_id: z.string().optional(),
  owner_id: z.string().optional(),
  region: z.string().optional(),
  cidrs: z.array(z.string()).optional(),
});

const peeringRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  status: z.string().optional(),
  status_message: z.string().optional(),
  requester: side,
  accepter: side,
  expires: z.string().optional(),
});

function sideSummary(info: VpcPeeringConnectionVpcInfo | undefined): z.input<typeof side> {
  const cidrs = [
    info?.CidrBlock,
    ...(info?.CidrBlockSet ?? []).map((c) => c.CidrBlock),
    ...(info?.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock),
  ].filter((c): c is string => !!c);
  return compact({
    vpc_id: info?.VpcId,
    owner_id: info?.OwnerId,
    region: info?.Region,
    cidrs: cidrs.length ? [...new Set(cidrs)] : undefined,
  });
}

/** The compact row of one peering connection: both sides' VPC, owner, region and CIDRs. */
export function peeringSummary(p: VpcPeeringConnection): z.input<typeof peeringRow> {
  return compact({
    id: p.VpcPeeringConnectionId ?? "",
    name: nameTag(p.Tags),
    status: p.Status?.Code,
    status_message: p.Status?.Message,
    requester: sideSummary(p.RequesterVpcInfo),
    accepter: sideSummary(p.AccepterVpcInfo),
    expires: p.ExpirationTime?.toISOString(),
  });
}

/** `vpc_describe_peering_connections`: peering connections with both sides and their status. */
export const describePeeringConnections = defineTool({
  name: "vpc_describe_peering_connections",
  toolset: "vpc_gateways",
  title: "Describe VPC peering connections",
  description:
    "VPC peering connections (id, status) with requester and accepter VPC, owner account, region and CIDRs. vpc_id matches either side. Filters combine with AND. Over ~40 KB the rest is counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeVpcPeeringConnections"],
  input: z.object({
    vpc_id: vpcId.optional(),
    peering_connection_ids: idList(peeringConnectionId).optional(),
    statuses: z.array(z.enum(STATUSES)).min(1).optional(),
  }),
  output: z.object({ peering_connections: z.array(peeringRow), omitted: z.int().optional() }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const fetchAll = (vpcFilter: Record<string, string | undefined>) => {
      const filters = ec2Filters({ ...vpcFilter, "status-code": args.statuses });
      return allPages(async (token) => {
        const out = await ec2.describeVpcPeeringConnections({
          ...(filters.length ? { Filters: filters } : {}),
          ...(args.peering_connection_ids
            ? { VpcPeeringConnectionIds: args.peering_connection_ids }
            : { MaxResults: 1000 }),
          ...(token ? { NextToken: token } : {}),
        });
        return { items: out.VpcPeeringConnections ?? [], nextToken: out.NextToken };
      });
    };
    // EC2 filters combine with AND, so "either side" takes one call per side.
    const found = args.vpc_id
      ? (await Promise.all([
        fetchAll({ "requester-vpc-info.vpc-id": args.vpc_id }),
        fetchAll({ "accepter-vpc-info.vpc-id": args.vpc_id }),
      ])).flat()
      : await fetchAll({});
    const seen = new Set<string>();
    // Checked here too: not every EC2 implementation applies these filters (moto ignores them).
    const matching = found.filter((p) => {
      const id = p.VpcPeeringConnectionId ?? "";
      if (seen.has(id)) return false;
      seen.add(id);
      const vpcOk = !args.vpc_id || p.RequesterVpcInfo?.VpcId === args.vpc_id ||
        p.AccepterVpcInfo?.VpcId === args.vpc_id;
      const statusOk = !args.statuses ||
        (args.statuses as readonly string[]).includes(p.Status?.Code ?? "");
      return vpcOk && statusOk;
    });
    const { items, omitted } = fitBytes(matching.map(peeringSummary));
    return { peering_connections: items, ...(omitted ? { omitted } : {}) };
  },
});
