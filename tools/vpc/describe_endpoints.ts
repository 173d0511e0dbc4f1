import type { VpcEndpoint } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { idList, vpcEndpointId, vpcId } from "../../schemas/ids.ts";
import { ec2Filters, nameTag } from "../../schemas/tags.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";

const TYPES = [
  "Gateway",
  "Interface",
  "GatewayLoadBalancer",
  "Resource",
  "ServiceNetwork",
] as const;

const endpointRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  vpc_id: z.string().optional(),
  service_name: z.string().optional(),
  type: z.string().optional(),
  state: z.string().optional(),
  route_table_ids: z.array(z.string()).optional(),
  subnet_ids: z.array(z.string()).optional(),
  security_group_ids: z.array(z.string()).optional(),
  private_dns: z.boolean().optional(),
  dns_names: z.array(z.string()).optional(),
});

const nonEmpty = (values: string[]) => values.length ? values : undefined;

/** The compact row of one VPC endpoint: gateway endpoints have route tables, interface ones subnets. */
export function endpointSummary(e: VpcEndpoint): z.input<typeof endpointRow> {
  return compact({
    id: e.VpcEndpointId ?? "",
    name: nameTag(e.Tags),
    vpc_id: e.VpcId,
    service_name: e.ServiceName,
    type: e.VpcEndpointType,
    state: e.State,
    route_table_ids: nonEmpty(e.RouteTableIds ?? []),
    subnet_ids: nonEmpty(e.SubnetIds ?? []),
    security_group_ids: nonEmpty((e.Groups ?? []).flatMap((g) => g.GroupId ? [g.GroupId] : [])),
    // Only interface endpoints have private DNS; the flag alone on a gateway endpoint means nothing.
    private_dns: e.VpcEndpointType === "Interface" ? e.PrivateDnsEnabled : undefined,
    dns_names: nonEmpty((e.DnsEntries ?? []).flatMap((d) => d.DnsName ? [d.DnsName] : [])),
  });
}

/** `vpc_describe_endpoints`: VPC endpoints with service, type, state, route tables and subnets. */
export const describeEndpoints = defineTool({
  name: "vpc_describe_endpoints",
  toolset: "vpc_gateways",
  title: "Describe VPC endpoints",
  description:
    "VPC endpoints (id, VPC, service name, type, state; route tables for Gateway, subnets, security groups and DNS names for Interface). Filters combine with AND. Over ~40 KB the rest is counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeVpcEndpoints"],
  input: z.object({
    vpc_id: vpcId.optional(),
    service_name: z.string().min(1).max(255).optional().describe(
      "e.g. com.amazonaws.eu-west-1.s3",
    ),
    type: z.enum(TYPES).optional(),
    endpoint_ids: idList(vpcEndpointId).optional(),
  }),
  output: z.object({ endpoints: z.array(endpointRow), omitted: z.int().optional() }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      "vpc-id": args.vpc_id,
      "service-name": args.service_name,
      "vpc-endpoint-type": args.type,
    });
    const ec2 = await ctx.aws.client("ec2");
    const endpoints = await allPages(async (token) => {
      const out = await ec2.describeVpcEndpoints({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.endpoint_ids ? { VpcEndpointIds: args.endpoint_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.VpcEndpoints ?? [], nextToken: out.NextToken };
    });
    const { items, omitted } = fitBytes(endpoints.map(endpointSummary));
    return { endpoints: items, ...(omitted ? { omitted } : {}) };
  },
});
