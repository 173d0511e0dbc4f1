import type { NatGateway } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { idList, natGatewayId, subnetId, vpcId } from "../../schemas/ids.ts";
import { ec2Filters, nameTag } from "../../schemas/tags.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";

const STATES = ["pending", "failed", "available", "deleting", "deleted"] as const;

const natRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  state: z.string().optional(),
  connectivity_type: z.string().optional(),
  vpc_id: z.string().optional(),
  subnet_id: z.string().optional(),
  public_ips: z.array(z.string()).optional(),
  private_ips: z.array(z.string()).optional(),
  allocation_ids: z.array(z.string()).optional(),
  failure: z.string().optional(),
  created: z.string().optional(),
});

const present = (values: (string | undefined)[]) => {
  const kept = values.filter((v): v is string => !!v);
  return kept.length ? kept : undefined;
};

/** The compact row of one NAT gateway: its addresses flattened into IP and allocation lists. */
export function natGatewaySummary(n: NatGateway): z.input<typeof natRow> {
  const addresses = n.NatGatewayAddresses ?? [];
  return compact({
    id: n.NatGatewayId ?? "",
    name: nameTag(n.Tags),
    state: n.State,
    connectivity_type: n.ConnectivityType,
    vpc_id: n.VpcId,
    subnet_id: n.SubnetId,
    public_ips: present(addresses.map((a) => a.PublicIp)),
    private_ips: present(addresses.map((a) => a.PrivateIp)),
    allocation_ids: present(addresses.map((a) => a.AllocationId)),
    failure: n.FailureCode ? `${n.FailureCode}: ${n.FailureMessage ?? ""}`.trim() : undefined,
    created: n.CreateTime?.toISOString(),
  });
}

/** `vpc_describe_nat_gateways`: NAT gateways with state, subnet, IPs and connectivity type. */
export const describeNatGateways = defineTool({
  name: "vpc_describe_nat_gateways",
  toolset: "vpc_gateways",
  title: "Describe NAT gateways",
  description:
    "NAT gateways (id, Name, state, connectivity type, VPC, subnet, public/private IPs, EIP allocations, failure). Deleted ones stay listed ~1 hour. Filters combine with AND. Over ~40 KB the rest is counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeNatGateways"],
  input: z.object({
    vpc_id: vpcId.optional(),
    subnet_id: subnetId.optional(),
    nat_gateway_ids: idList(natGatewayId).optional(),
    states: z.array(z.enum(STATES)).min(1).optional(),
  }),
  output: z.object({ nat_gateways: z.array(natRow), omitted: z.int().optional() }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      "vpc-id": args.vpc_id,
      "subnet-id": args.subnet_id,
      state: args.states,
    });
    const ec2 = await ctx.aws.client("ec2");
    const gateways = await allPages(async (token) => {
      // DescribeNatGateways names its filter list Filter, not Filters.
      const out = await ec2.describeNatGateways({
        ...(filters.length ? { Filter: filters } : {}),
        ...(args.nat_gateway_ids ? { NatGatewayIds: args.nat_gateway_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.NatGateways ?? [], nextToken: out.NextToken };
    });
    const { items, omitted } = fitBytes(gateways.map(natGatewaySummary));
    return { nat_gateways: items, ...(omitted ? { omitted } : {}) };
  },
});
