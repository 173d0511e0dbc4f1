import type { RouteTable } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { idList, routeTableId, subnetId, vpcId } from "../../schemas/ids.ts";
import { ec2Filters, nameTag } from "../../schemas/tags.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";
import { renderRoute } from "./_render.ts";
import { liveAssociation as live, subnetRouteTable } from "./_routes.ts";

const tableRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  vpc_id: z.string().optional(),
  main: z.boolean(),
  subnets: z.array(z.string()).optional(),
  gateways: z.array(z.string()).optional(),
  routes: z.array(z.string()),
  propagating_vgws: z.array(z.string()).optional(),
});

// A disassociated association lingers for a while with state "disassociated".

/** The compact row of one route table, routes rendered by `renderRoute`. */
export function routeTableSummary(t: RouteTable): z.input<typeof tableRow> {
  const associations = (t.Associations ?? []).filter(live);
  const subnets = associations.flatMap((a) => a.SubnetId ? [a.SubnetId] : []);
  const gateways = associations.flatMap((a) => a.GatewayId ? [a.GatewayId] : []);
  const vgws = (t.PropagatingVgws ?? []).flatMap((v) => v.GatewayId ? [v.GatewayId] : []);
  return compact({
    id: t.RouteTableId ?? "",
    name: nameTag(t.Tags),
    vpc_id: t.VpcId,
    main: associations.some((a) => a.Main === true),
    subnets: subnets.length ? subnets : undefined,
    gateways: gateways.length ? gateways : undefined,
    routes: (t.Routes ?? []).map(renderRoute),
    propagating_vgws: vgws.length ? vgws : undefined,
  });
}

/** `vpc_describe_route_tables`: route tables with associations and routes as short strings. */
export const describeRouteTables = defineTool({
  name: "vpc_describe_route_tables",
  toolset: "vpc_gateways",
  title: "Describe route tables",
  description:
    'Route tables (id, VPC, main, associated subnets) with routes like "0.0.0.0/0 → igw-…" or "(blackhole)". With subnet_id: only the table that subnet uses, and whether via explicit association or the main table. Over ~40 KB the rest is counted in omitted.',
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeRouteTables", "ec2:DescribeSubnets"],
  input: z.object({
    vpc_id: vpcId.optional(),
    subnet_id: subnetId.optional(),
    route_table_ids: idList(routeTableId).optional(),
  }),
  output: z.object({
    route_tables: z.array(tableRow),
    subnet_association: z.object({
      subnet_id: z.string(),
      route_table_id: z.string(),
      via: z.enum(["explicit", "main"]),
    }).optional(),
    omitted: z.int().optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    if (args.subnet_id) {
      if (args.route_table_ids) {
        throw new ToolError(
          "InvalidInput",
          "route_table_ids: cannot be combined with subnet_id",
          "pass subnet_id alone for the table it uses, or route_table_ids alone",
        );
      }
      const subnetId = args.subnet_id;
      const out = await ec2.describeSubnets({ SubnetIds: [subnetId] });
      const vpc = out.Subnets?.[0]?.VpcId;
      if (!vpc) {
        throw new ToolError(
          "InvalidSubnetID.NotFound",
          `The subnet ID '${subnetId}' does not exist`,
          `check the id exists in ${ctx.region} (vpc_list_subnets), or pass another region`,
        );
      }
      if (args.vpc_id && args.vpc_id !== vpc) {
        throw new ToolError(
          "InvalidInput",
          `subnet_id: ${subnetId} is in ${vpc}, not ${args.vpc_id}`,
          "drop vpc_id or pass a subnet of that VPC",
        );
      }
      const table = await subnetRouteTable(ec2, subnetId, vpc);
      if (!table?.RouteTableId) return { route_tables: [] };
      const explicit = (table.Associations ?? []).some((a) => live(a) && a.SubnetId === subnetId);
      return {
        route_tables: [routeTableSummary(table)],
        subnet_association: {
          subnet_id: subnetId,
          route_table_id: table.RouteTableId,
          via: explicit ? "explicit" as const : "main" as const,
        },
      };
    }
    const filters = ec2Filters({ "vpc-id": args.vpc_id });
    const tables = await allPages(async (token) => {
      const out = await ec2.describeRouteTables({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.route_table_ids ? { RouteTableIds: args.route_table_ids } : { MaxResults: 100 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.RouteTables ?? [], nextToken: out.NextToken };
    });
    const { items, omitted } = fitBytes(tables.map(routeTableSummary));
    return { route_tables: items, ...(omitted ? { omitted } : {}) };
  },
});
