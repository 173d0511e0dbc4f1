import type { EC2, Route, RouteTable } from "@aws-sdk/client-ec2";

/** The table explicitly associated with a subnet, if any (a subnet has at most one). */
export async function explicitRouteTable(
  ec2: EC2,
  subnetId: string,
): Promise<RouteTable | undefined> {
  const out = await ec2.describeRouteTables({
    Filters: [{ Name: "association.subnet-id", Values: [subnetId] }],
  });
  return out.RouteTables?.[0];
}

/** A VPC's main route table: the one every subnet without an explicit association uses. */
export async function mainRouteTable(ec2: EC2, vpcId: string): Promise<RouteTable | undefined> {
  const out = await ec2.describeRouteTables({
    Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }],
  });
  return out.RouteTables?.[0];
}

function target(r: Route): string | undefined {
  return r.GatewayId ?? r.NatGatewayId ?? r.TransitGatewayId ?? r.VpcPeeringConnectionId ??
    r.NetworkInterfaceId ?? r.InstanceId ?? r.CarrierGatewayId ?? r.LocalGatewayId ??
    r.CoreNetworkArn;
}

/** Where a table's IPv4 default route goes; a blackhole route (deleted target) routes nowhere. */
export function ipv4DefaultRoute(table: RouteTable | undefined): {
  target?: string;
  public: boolean;
  natGatewayId?: string;
} {
  const route = (table?.Routes ?? []).find((r) =>
    r.DestinationCidrBlock === "0.0.0.0/0" && r.State !== "blackhole"
  );
  const to = route && target(route);
  return {
    ...(to ? { target: to } : {}),
    // Virtual private gateways also sit in GatewayId; only an internet gateway makes it public.
    public: route?.GatewayId?.startsWith("igw-") ?? false,
    ...(route?.NatGatewayId ? { natGatewayId: route.NatGatewayId } : {}),
  };
}

/** Upper bound on pages a count follows, so an emulator that repeats tokens cannot loop forever. */
const MAX_COUNT_CALLS = 50;

/** Counts items across every AWS page; `fetch` returns one page's size and its NextToken. */
export async function countAll(
  fetch: (token: string | undefined) => Promise<{ count: number; next?: string | undefined }>,
): Promise<number> {
  let total = 0;
  let token: string | undefined;
  for (let calls = 0; calls < MAX_COUNT_CALLS; calls++) {
    const page = await fetch(token);
    total += page.count;
    if (!page.next || page.next === token) break;
    token = page.next;
  }
  return total;
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
