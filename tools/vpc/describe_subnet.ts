import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact, prune } from "../../schemas/compact.ts";
import { subnetId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { defaultRoutes, explicitRouteTable, mainRouteTable } from "./_routes.ts";

/** `vpc_describe_subnet`: one subnet in the AWS shape, its route table and internet path. */
export const describeSubnet = defineTool({
  name: "vpc_describe_subnet",
  toolset: "vpc",
  title: "Describe a subnet",
  description:
    "One subnet in the AWS shape, plus the route table that applies (explicit association, else the VPC's main one) and its 0.0.0.0/0 route: public is true when it goes to an internet gateway; nat_gateway_id when to a NAT gateway. NACLs are not evaluated.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSubnets", "ec2:DescribeRouteTables"],
  input: z.object({ subnet_id: subnetId }),
  output: z.object({
    subnet: z.record(z.string(), z.unknown()),
    route_table: z.object({
      id: z.string(),
      main: z.boolean(),
      default_route: z.string().optional(),
    }).optional(),
    public: z.boolean(),
    nat_gateway_id: z.string().optional(),
  }),
  async handler({ subnet_id }, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    // The explicit association needs only the subnet id, so it is asked alongside the subnet.
    const [subnets, explicit] = await Promise.all([
      ec2.describeSubnets({ SubnetIds: [subnet_id] }),
      explicitRouteTable(ec2, subnet_id),
    ]);
    const subnet = subnets.Subnets?.[0];
    if (!subnet) {
      // AWS throws for an unknown id; an empty answer means the same.
      throw new ToolError(
        "InvalidSubnetID.NotFound",
        `The subnet ID '${subnet_id}' does not exist`,
        `check the id exists in ${ctx.region} (vpc_list_subnets), or pass another region`,
      );
    }
    const table = explicit ?? (subnet.VpcId ? await mainRouteTable(ec2, subnet.VpcId) : undefined);
    const route = defaultRoutes(table);
    return compact({
      subnet: (prune(subnet) ?? {}) as Record<string, unknown>,
      route_table: table?.RouteTableId
        ? compact({
          id: table.RouteTableId,
          // A subnet can also be associated explicitly with the main table.
          main: (table.Associations ?? []).some((a) => a.Main === true),
          default_route: route.target,
        })
        : undefined,
      public: route.ipv4Igw,
      nat_gateway_id: route.kind === "nat" ? route.target : undefined,
    });
  },
});
