import type { Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { defaultRoutes, ROUTE_KINDS, subnetRouteTable } from "../vpc/_routes.ts";
import { describeInstance } from "./_instance.ts";

/** Security groups of the instance and of every attached interface, once each. */
function securityGroups(i: Instance) {
  const groups = [
    ...(i.SecurityGroups ?? []),
    ...(i.NetworkInterfaces ?? []).flatMap((n) => n.Groups ?? []),
  ];
  const byId = new Map<string, string | undefined>();
  for (const g of groups) if (g.GroupId && !byId.get(g.GroupId)) byId.set(g.GroupId, g.GroupName);
  return [...byId].map(([id, name]) => compact({ id, name }));
}

/** `ec2_get_instance_vpc_info`: an instance's VPC, subnet, groups, IPs and path to the internet. */
export const getInstanceVpcInfo = defineTool({
  name: "ec2_get_instance_vpc_info",
  toolset: "ec2",
  title: "Get an instance's network placement",
  description:
    "An instance's VPC, subnet, security groups and IPs, and its subnet's default route (igw, nat, other or none) from the associated or main route table. reachable_from_internet needs an igw route and a public IP; security groups and NACLs are not evaluated.",
  access: "read",
  idempotent: true,
  iam: [
    "ec2:DescribeInstances",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:DescribeRouteTables",
  ],
  input: z.object({ instance_id: instanceId }),
  output: z.object({
    instance_id: z.string(),
    state: z.string().optional(),
    vpc: z.object({ id: z.string(), cidr: z.string().optional(), is_default: z.boolean() }),
    subnet: z.object({
      id: z.string(),
      cidr: z.string().optional(),
      zone: z.string().optional(),
      map_public_ip: z.boolean(),
    }),
    security_groups: z.array(z.object({ id: z.string(), name: z.string().optional() })),
    private_ip: z.string().optional(),
    public_ip: z.string().optional(),
    ipv6_ips: z.array(z.string()).optional(),
    route_table_id: z.string().optional(),
    route_table_is_main: z.boolean().optional(),
    internet_route: z.enum(ROUTE_KINDS),
    internet_route_target: z.string().optional(),
    has_public_ip: z.boolean(),
    reachable_from_internet: z.boolean(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const instance = await describeInstance(ec2, args.instance_id);
    const { VpcId: vpcId, SubnetId: subnetId } = instance;
    if (!vpcId || !subnetId) {
      // Terminated instances lose their network placement; there is nothing to trace.
      throw new ToolError(
        "NoNetworkPlacement",
        `${args.instance_id} has no VPC or subnet (state: ${instance.State?.Name ?? "unknown"})`,
        "terminated instances keep no network placement; check the id",
      );
    }
    const [vpcs, subnets, table] = await Promise.all([
      ec2.describeVpcs({ VpcIds: [vpcId] }),
      ec2.describeSubnets({ SubnetIds: [subnetId] }),
      subnetRouteTable(ec2, subnetId, vpcId),
    ]);
    const vpc = vpcs.Vpcs?.[0];
    const subnet = subnets.Subnets?.[0];
    const routes = defaultRoutes(table);
    const ipv6 = (instance.NetworkInterfaces ?? []).flatMap((n) =>
      (n.Ipv6Addresses ?? []).flatMap((a) => a.Ipv6Address ? [a.Ipv6Address] : [])
    );
    const publicIp = instance.PublicIpAddress;
    return compact({
      instance_id: instance.InstanceId ?? args.instance_id,
      state: instance.State?.Name,
      vpc: compact({ id: vpcId, cidr: vpc?.CidrBlock, is_default: vpc?.IsDefault ?? false }),
      subnet: compact({
        id: subnetId,
        cidr: subnet?.CidrBlock,
        zone: subnet?.AvailabilityZone,
        map_public_ip: subnet?.MapPublicIpOnLaunch ?? false,
      }),
      security_groups: securityGroups(instance),
      private_ip: instance.PrivateIpAddress,
      public_ip: publicIp,
      ipv6_ips: ipv6.length ? ipv6 : undefined,
      route_table_id: table?.RouteTableId,
      route_table_is_main: table ? (table.Associations ?? []).some((a) => a.Main) : undefined,
      internet_route: routes.kind,
      internet_route_target: routes.target,
      has_public_ip: Boolean(publicIp),
      reachable_from_internet: (routes.ipv4Igw && Boolean(publicIp)) ||
        (routes.ipv6Igw && ipv6.length > 0),
    });
  },
});
