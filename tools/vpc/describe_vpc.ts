import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact, prune } from "../../schemas/compact.ts";
import { vpcId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { countAll } from "../../aws/paging.ts";
import { countSubnets } from "./_routes.ts";

/** `vpc_describe_vpc`: one VPC in the AWS shape, its DNS attributes and what it contains. */
export const describeVpc = defineTool({
  name: "vpc_describe_vpc",
  toolset: "vpc",
  title: "Describe a VPC",
  description:
    "One VPC in the AWS shape (CIDR associations, DHCP options, tenancy, tags…), its DNS support and DNS hostnames settings, and counts of its subnets, route tables, security groups and attached internet gateways. Find ids with vpc_list_vpcs.",
  access: "read",
  idempotent: true,
  iam: [
    "ec2:DescribeVpcs",
    "ec2:DescribeVpcAttribute",
    "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeInternetGateways",
  ],
  input: z.object({ vpc_id: vpcId }),
  output: z.object({
    vpc: z.record(z.string(), z.unknown()),
    enable_dns_support: z.boolean().optional(),
    enable_dns_hostnames: z.boolean().optional(),
    counts: z.object({
      subnets: z.int(),
      route_tables: z.int(),
      security_groups: z.int(),
      internet_gateways: z.int(),
    }),
  }),
  async handler({ vpc_id }, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const inVpc = [{ Name: "vpc-id", Values: [vpc_id] }];
    // All at once: an unknown id fails DescribeVpcs (InvalidVpcID.NotFound) and fails the call.
    const [vpcs, dnsSupport, dnsHostnames, subnets, routeTables, groups, gateways] = await Promise
      .all([
        ec2.describeVpcs({ VpcIds: [vpc_id] }),
        ec2.describeVpcAttribute({ VpcId: vpc_id, Attribute: "enableDnsSupport" }),
        ec2.describeVpcAttribute({ VpcId: vpc_id, Attribute: "enableDnsHostnames" }),
        countSubnets(ec2, vpc_id),
        countAll(async (token) => {
          const out = await ec2.describeRouteTables({
            Filters: inVpc,
            MaxResults: 100,
            ...(token ? { NextToken: token } : {}),
          });
          return { count: out.RouteTables?.length ?? 0, next: out.NextToken };
        }),
        countAll(async (token) => {
          const out = await ec2.describeSecurityGroups({
            Filters: inVpc,
            MaxResults: 1000,
            ...(token ? { NextToken: token } : {}),
          });
          return { count: out.SecurityGroups?.length ?? 0, next: out.NextToken };
        }),
        countAll(async (token) => {
          const out = await ec2.describeInternetGateways({
            Filters: [{ Name: "attachment.vpc-id", Values: [vpc_id] }],
            MaxResults: 1000,
            ...(token ? { NextToken: token } : {}),
          });
          return { count: out.InternetGateways?.length ?? 0, next: out.NextToken };
        }),
      ]);
    const vpc = vpcs.Vpcs?.[0];
    if (!vpc) {
      // AWS throws for an unknown id; an empty answer (some emulators) means the same.
      throw new ToolError(
        "InvalidVpcID.NotFound",
        `The vpc ID '${vpc_id}' does not exist`,
        `check the id exists in ${ctx.region} (vpc_list_vpcs), or pass another region`,
      );
    }
    return compact({
      vpc: (prune(vpc) ?? {}) as Record<string, unknown>,
      enable_dns_support: dnsSupport.EnableDnsSupport?.Value,
      enable_dns_hostnames: dnsHostnames.EnableDnsHostnames?.Value,
      counts: {
        subnets,
        route_tables: routeTables,
        security_groups: groups,
        internet_gateways: gateways,
      },
    });
  },
});
