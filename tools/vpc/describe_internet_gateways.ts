import type { InternetGateway } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { idList, internetGatewayId, vpcId } from "../../schemas/ids.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";

const gatewayRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  owner_id: z.string().optional(),
  attachments: z.array(z.object({ vpc_id: z.string(), state: z.string().optional() })),
});

/** The compact row of one internet gateway; no attachments means it is detached. */
export function internetGatewaySummary(g: InternetGateway): z.input<typeof gatewayRow> {
  return compact({
    id: g.InternetGatewayId ?? "",
    name: nameTag(g.Tags),
    owner_id: g.OwnerId,
    attachments: (g.Attachments ?? []).map((a) =>
      compact({ vpc_id: a.VpcId ?? "", state: a.State })
    ),
  });
}

/** `vpc_describe_internet_gateways`: internet gateways and the VPCs they are attached to. */
export const describeInternetGateways = defineTool({
  name: "vpc_describe_internet_gateways",
  toolset: "vpc_gateways",
  title: "Describe internet gateways",
  description:
    'Internet gateways (id, Name, owner) with their VPC attachments; state "available" means attached, an empty list detached. Filters combine with AND. Over ~40 KB the rest is counted in omitted.',
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInternetGateways"],
  input: z.object({
    vpc_id: vpcId.optional().describe("Attached to this VPC"),
    internet_gateway_ids: idList(internetGatewayId).optional(),
    tags: tagFilter.optional(),
  }),
  output: z.object({ internet_gateways: z.array(gatewayRow), omitted: z.int().optional() }),
  async handler(args, ctx) {
    const filters = ec2Filters({ "attachment.vpc-id": args.vpc_id }, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const gateways = await allPages(async (token) => {
      const out = await ec2.describeInternetGateways({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.internet_gateway_ids
          ? { InternetGatewayIds: args.internet_gateway_ids }
          : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.InternetGateways ?? [], nextToken: out.NextToken };
    });
    const { items, omitted } = fitBytes(gateways.map(internetGatewaySummary));
    return { internet_gateways: items, ...(omitted ? { omitted } : {}) };
  },
});
