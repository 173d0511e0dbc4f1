import type { EC2, Route, RouteTable, RouteTableAssociation } from "@aws-sdk/client-ec2";
import { countAll } from "../../aws/paging.ts";

/** An association in effect: AWS keeps disassociated ones listed for a while. */
export const liveAssociation = (a: RouteTableAssociation) =>
  a.AssociationState?.State === undefined || a.AssociationState.State === "associated";

/** The table explicitly associated with a subnet, if any (a subnet has at most one live one). */
export async function explicitRouteTable(
  ec2: EC2,
  subnetId: string,
): Promise<RouteTable | undefined> {
  const out = await ec2.describeRouteTables({
    Filters: [{ Name: "association.subnet-id", Values: [subnetId] }],
  });
  return out.RouteTables?.find((t) =>
    (t.Associations ?? []).some((a) => a.SubnetId === subnetId && liveAssociation(a))
  );
}

/** A VPC's main route table: the one every subnet without an explicit association uses. */
export async function mainRouteTable(ec2: EC2, vpcId: string): Promise<RouteTable | undefined> {
  const out = await ec2.describeRouteTables({
    Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }],
  });
  return out.RouteTables?.[0];
}

/** The kinds of internet path a default route gives, strongest first. */
export const ROUTE_KINDS = ["igw", "nat", "other", "none"] as const;

/** What a default route (0.0.0.0/0 or ::/0) of the subnet's route table points at. */
export interface DefaultRoutes {
  /** igw beats nat beats other: the strongest internet path the subnet has. */
  kind: (typeof ROUTE_KINDS)[number];
  /** The gateway, NAT or other target id of that route. */
  target: string | undefined;
  /** IPv4 0.0.0.0/0 goes to an internet gateway: public IPv4 addresses are reachable. */
  ipv4Igw: boolean;
  /** ::/0 goes to an internet gateway: IPv6 addresses are reachable. */
  ipv6Igw: boolean;
}

/** The id a route sends traffic to, whatever kind of target it is. */
export function routeTarget(r: Route): string | undefined {
  return r.GatewayId ?? r.NatGatewayId ?? r.TransitGatewayId ?? r.VpcPeeringConnectionId ??
    r.NetworkInterfaceId ?? r.InstanceId ?? r.EgressOnlyInternetGatewayId ?? r.CarrierGatewayId ??
    r.LocalGatewayId ?? r.CoreNetworkArn;
}

/** Classifies the active default routes of a route table. */
export function defaultRoutes(table: RouteTable | undefined): DefaultRoutes {
  const routes = (table?.Routes ?? []).filter((r) =>
    r.State !== "blackhole" &&
    (r.DestinationCidrBlock === "0.0.0.0/0" || r.DestinationIpv6CidrBlock === "::/0")
  );
  const isIgw = (r: Route) => r.GatewayId?.startsWith("igw-") ?? false;
  const igw = routes.find(isIgw);
  const nat = routes.find((r) => r.NatGatewayId?.startsWith("nat-"));
  const other = routes.find((r) => routeTarget(r) !== undefined);
  const [kind, route] = igw
    ? ["igw", igw] as const
    : nat
    ? ["nat", nat] as const
    : other
    ? ["other", other] as const
    : ["none", undefined] as const;
  return {
    kind,
    target: route && routeTarget(route),
    ipv4Igw: routes.some((r) => r.DestinationCidrBlock === "0.0.0.0/0" && isIgw(r)),
    ipv6Igw: routes.some((r) => r.DestinationIpv6CidrBlock === "::/0" && isIgw(r)),
  };
}

/** The route table a subnet uses: its explicit association, else its VPC's main table. */
export async function subnetRouteTable(
  ec2: EC2,
  subnetId: string,
  vpcId: string,
): Promise<RouteTable | undefined> {
  const [explicit, main] = await Promise.all([
    explicitRouteTable(ec2, subnetId),
    mainRouteTable(ec2, vpcId),
  ]);
  return explicit ?? main;
}

/** Every subnet of a VPC, counted across pages. */
export function countSubnets(ec2: EC2, vpcId: string): Promise<number> {
  return countAll(async (token) => {
    const out = await ec2.describeSubnets({
      Filters: [{ Name: "vpc-id", Values: [vpcId] }],
      MaxResults: 1000,
      ...(token ? { NextToken: token } : {}),
    });
    return { count: out.Subnets?.length ?? 0, next: out.NextToken };
  });
}
