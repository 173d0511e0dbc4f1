import type {
  EC2,
  Instance,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  VpcEndpoint,
  VpcPeeringConnection,
} from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { describeInstances } from "../ec2/_instance.ts";
import { defineTool } from "../tool.ts";
import {
  type Cidr,
  cidrContains,
  evaluateNacl,
  evaluateSecurityGroups,
  type Flow,
  flowText,
  forwardFlow,
  isPrivateRange,
  naclDetail,
  parseCidr,
  type Peer,
  type Protocol,
  returnFlow,
  routeDestination,
  routeFor,
  routeKind,
  sgDetail,
} from "./_reachability.ts";
import { routeTarget, subnetRouteTable } from "./_routes.ts";

/** What every answer leaves out, whatever the path. */
const NOT_MODELED = [
  "OS firewalls and software on the instances",
  "Transit Gateway, VPN and Direct Connect",
  "AWS Network Firewall, gateway load balancers and middlebox routes",
  "endpoint, bucket and resource policies",
  "DNS resolution",
  "secondary network interfaces (primary only)",
];

const hop = z.object({ step: z.string(), allowed: z.boolean(), detail: z.string() });

/** One step of the path and whether it lets the traffic through. */
type Hop = z.infer<typeof hop>;

/** The describe calls of one answer, each made once and started as early as its inputs allow. */
class Network {
  #cache = new Map<string, Promise<unknown>>();
  #groups = new Map<string, Promise<SecurityGroup | undefined>>();
  /** Resolved prefix lists by id; a failed lookup is noted and left out. */
  readonly prefixLists = new Map<string, Cidr[]>();

  constructor(private readonly ec2: EC2, private readonly notModeled: Set<string>) {}

  #once<T>(key: string, fetch: () => Promise<T>): Promise<T> {
    let p = this.#cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fetch();
      // Prefetched answers may go unused when an early hop blocks: never an unhandled rejection.
      p.catch(() => {});
      this.#cache.set(key, p);
    }
    return p;
  }

  routeTable(subnetId: string, vpcId: string): Promise<RouteTable | undefined> {
    return this.#once(`rtb ${subnetId}`, () => subnetRouteTable(this.ec2, subnetId, vpcId));
  }

  nacl(subnetId: string): Promise<NetworkAcl | undefined> {
    return this.#once(`acl ${subnetId}`, async () =>
      (await this.ec2.describeNetworkAcls({
        Filters: [{ Name: "association.subnet-id", Values: [subnetId] }],
      })).NetworkAcls?.[0]);
  }

  /** Security groups by id; ids not asked yet go in one call, so prefetching saves a call. */
  async groups(ids: readonly string[]): Promise<SecurityGroup[]> {
    const missing = [...new Set(ids)].filter((id) => !this.#groups.has(id));
    if (missing.length) {
      const all = this.ec2.describeSecurityGroups({ GroupIds: missing });
      for (const id of missing) {
        const one = all.then((out) => out.SecurityGroups?.find((g) => g.GroupId === id));
        one.catch(() => {});
        this.#groups.set(id, one);
      }
    }
    const found = await Promise.all([...new Set(ids)].map((id) => this.#groups.get(id)));
    return found.filter((g): g is SecurityGroup => g !== undefined);
  }

  nat(id: string): Promise<NatGateway | undefined> {
    return this.#once(
      `nat ${id}`,
      async () => (await this.ec2.describeNatGateways({ NatGatewayIds: [id] })).NatGateways?.[0],
    );
  }

  peering(id: string): Promise<VpcPeeringConnection | undefined> {
    return this.#once(
      `pcx ${id}`,
      async () =>
        (await this.ec2.describeVpcPeeringConnections({ VpcPeeringConnectionIds: [id] }))
          .VpcPeeringConnections?.[0],
    );
  }

  subnets(vpcId: string): Promise<Subnet[]> {
    return this.#once(
      `subnets ${vpcId}`,
      async () =>
        (await this.ec2.describeSubnets({ Filters: [{ Name: "vpc-id", Values: [vpcId] }] }))
          .Subnets ?? [],
    );
  }

  endpoints(vpcId: string, service: string): Promise<VpcEndpoint[]> {
    return this.#once(`vpce ${vpcId} ${service}`, async () =>
      (await this.ec2.describeVpcEndpoints({
        Filters: [
          { Name: "vpc-id", Values: [vpcId] },
          { Name: "service-name", Values: [service] },
        ],
      })).VpcEndpoints ?? []);
  }

  interfaces(ids: readonly string[]): Promise<NetworkInterface[]> {
    return this.#once(
      `eni ${ids.join(",")}`,
      async () =>
        ids.length
          ? (await this.ec2.describeNetworkInterfaces({ NetworkInterfaceIds: [...ids] }))
            .NetworkInterfaces ?? []
          : [],
    );
  }

  /** The id of the AWS-managed prefix list named after a service, if it has one. */
  servicePrefixList(service: string): Promise<string | undefined> {
    return this.#once(`pl-name ${service}`, async () => {
      try {
        const out = await this.ec2.describePrefixLists({
          Filters: [{ Name: "prefix-list-name", Values: [service] }],
        });
        return out.PrefixLists?.[0]?.PrefixListId;
      } catch {
        return undefined;
      }
    });
  }

  /** Fetches the entries of prefix lists not resolved yet; one that fails is noted as not modeled. */
  async resolvePrefixLists(ids: readonly string[]): Promise<void> {
    await Promise.all(
      ids.filter((id) => !this.prefixLists.has(id)).map((id) =>
        this.#once(`pl ${id}`, async () => {
          try {
            const cidrs: Cidr[] = [];
            let token: string | undefined;
            for (let page = 0; page < 10; page++) {
              const out = await this.ec2.getManagedPrefixListEntries({
                PrefixListId: id,
                ...(token ? { NextToken: token } : {}),
              });
              for (const e of out.Entries ?? []) {
                const c = e.Cidr ? parseCidr(e.Cidr) : undefined;
                if (c) cidrs.push(c);
              }
              if (!out.NextToken || out.NextToken === token) break;
              token = out.NextToken;
            }
            this.prefixLists.set(id, cidrs);
          } catch {
            this.notModeled.add(`prefix list ${id} (could not be resolved)`);
          }
        })
      ),
    );
  }
}

/** Where the question's traffic goes. */
interface Target {
  /** How hops name it. */
  label: string;
  /** Its addresses; every one is checked. */
  cidrs: Cidr[];
  /** Its security groups, when it is an instance or an interface endpoint. */
  groupIds: string[];
  subnetId?: string;
  vpcId?: string;
  instance?: Instance;
  prefixListId?: string;
  /** A gateway endpoint the source's route table sends the service's prefix list to. */
  gatewayEndpoint?: VpcEndpoint;
  /** An interface endpoint and the network interface chosen in it. */
  interfaceEndpoint?: { endpoint: VpcEndpoint; eni: NetworkInterface };
}

/** The traffic's origin as the tool knows it. */
interface Source {
  instance: Instance;
  id: string;
  vpcId: string;
  subnetId: string;
  privateCidr: Cidr;
  groupIds: string[];
}

const host = (ip: string | undefined) => (ip ? parseCidr(ip) : undefined);
/**
 * An instance's security groups; when the record lists none (as some APIs and emulators answer),
 * those of its primary network interface (device index 0), as ec2_get_instance_vpc_info reads.
 */
export function groupIdsOf(i: Instance): string[] {
  const own = (i.SecurityGroups ?? []).flatMap((g) => g.GroupId ?? []);
  if (own.length) return own;
  const primary = (i.NetworkInterfaces ?? []).find((n) => n.Attachment?.DeviceIndex === 0) ??
    i.NetworkInterfaces?.[0];
  return (primary?.Groups ?? []).flatMap((g) => g.GroupId ?? []);
}

function invalid(message: string): never {
  throw new ToolError(
    "InvalidInput",
    message,
    "give source_instance_id, exactly one destination, protocol, and port for tcp/udp",
  );
}

function placement(i: Instance, id: string) {
  if (!i.VpcId || !i.SubnetId) {
    throw new ToolError(
      "NoNetworkPlacement",
      `${id} has no VPC or subnet (state: ${i.State?.Name ?? "unknown"})`,
      "terminated instances keep no network placement; check the id",
    );
  }
  return { vpcId: i.VpcId, subnetId: i.SubnetId };
}

/** Walks one question's path hop by hop, stopping at the first hop that blocks it. */
class Walk {
  readonly hops: Hop[] = [];
  undetermined = false;

  constructor(
    readonly net: Network,
    readonly source: Source,
    readonly flow: Flow,
    readonly back: Flow,
    readonly notModeled: Set<string>,
  ) {}

  add(step: string, allowed: boolean, detail: string): boolean {
    this.hops.push({ step, allowed, detail });
    return allowed;
  }

  /** A NACL hop over every peer address: the first one that fails is the detail. */
  async nacl(
    step: string,
    subnetId: string,
    egress: boolean,
    flow: Flow,
    peers: readonly Cidr[],
    returnPath = false,
  ): Promise<boolean> {
    const acl = await this.net.nacl(subnetId);
    const where = returnPath ? ` (${subnetId} ${egress ? "outbound" : "inbound"}, return)` : "";
    if (!acl) {
      this.notModeled.add(`network ACL of ${subnetId} (not found)`);
      return this.add(step, true, `no network ACL found for ${subnetId}: not evaluated`);
    }
    let first: string | undefined;
    for (const peer of peers) {
      const verdict = evaluateNacl(acl, egress, flow, peer);
      const detail = naclDetail(acl, egress, flow, peer, verdict) + where;
      if (!verdict.allowed) return this.add(step, false, detail);
      first ??= detail;
    }
    return this.add(step, true, first ?? `${acl.NetworkAclId}: no address to check`);
  }

  /** A security group hop; prefix lists its rules name are resolved only when they could decide. */
  async sg(
    step: string,
    groupIds: readonly string[],
    egress: boolean,
    peer: Peer,
  ): Promise<boolean> {
    const groups = await this.net.groups(groupIds);
    let verdict = evaluateSecurityGroups(groups, egress, this.flow, peer, this.net.prefixLists);
    if (!verdict.allowed && verdict.unresolved.length) {
      await this.net.resolvePrefixLists(verdict.unresolved);
      verdict = evaluateSecurityGroups(groups, egress, this.flow, peer, this.net.prefixLists);
    }
    return this.add(step, verdict.allowed, sgDetail(groups, egress, this.flow, peer, verdict));
  }

  /** The path ends in something the tool does not model: reachability is unknown. */
  unknown(step: string, detail: string): false {
    this.undetermined = true;
    return this.add(step, false, detail) as false;
  }
}

const TARGET_NAMES: Record<string, string> = {
  tgw: "Transit Gateway",
  vgw: "virtual private gateway (VPN/Direct Connect)",
  other: "this route target",
};

/** `vpc_explain_reachability`: walks SGs, NACLs, routes and gateways from one instance to a destination. */
export const explainReachability = defineTool({
  name: "vpc_explain_reachability",
  toolset: "vpc",
  title: "Explain network reachability",
  description:
    "Can an instance reach the internet, a CIDR, an instance or a VPC endpoint service? Checks SGs, NACLs both ways, routes, IGW/NAT/peering from describe calls; returns each hop, the blocking rule or missing route, and what is not modeled.",
  access: "read",
  idempotent: true,
  iam: [
    "ec2:DescribeInstances",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkAcls",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSubnets",
    "ec2:DescribeNatGateways",
    "ec2:DescribeVpcPeeringConnections",
    "ec2:DescribeVpcEndpoints",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribePrefixLists",
    "ec2:GetManagedPrefixListEntries",
  ],
  input: z.object({
    source_instance_id: instanceId,
    destination_cidr: z.string().optional().describe("IP/CIDR; 0.0.0.0/0 = internet"),
    destination_instance_id: instanceId.optional(),
    destination_endpoint_service: z.string().optional().describe("e.g. com.amazonaws.<region>.s3"),
    protocol: z.enum(["tcp", "udp", "icmp", "all"]),
    port: z.number().int().optional(),
  }),
  output: z.object({
    reachable: z.boolean(),
    verdict: z.string(),
    destination: z.string(),
    hops: z.array(hop),
    blocked_at: z.string().optional(),
    not_modeled: z.array(z.string()),
  }),
  async handler(args, ctx) {
    const given = (
      [
        ["destination_cidr", args.destination_cidr],
        ["destination_instance_id", args.destination_instance_id],
        ["destination_endpoint_service", args.destination_endpoint_service],
      ] as const
    ).filter(([, v]) => v !== undefined);
    if (given.length !== 1) {
      invalid(
        `give exactly one of destination_cidr, destination_instance_id, destination_endpoint_service${
          given.length ? ` (got ${given.map(([k]) => k).join(", ")})` : ""
        }`,
      );
    }
    const protocol: Protocol = args.protocol;
    if (protocol === "tcp" || protocol === "udp") {
      if (args.port === undefined || args.port < 0 || args.port > 65535) {
        invalid(`port: ${protocol} needs a port from 0 to 65535`);
      }
    } else if (args.port !== undefined) {
      invalid(`port: applies to tcp and udp only, not ${protocol}`);
    }
    const cidrInput = args.destination_cidr === undefined
      ? undefined
      : parseCidr(args.destination_cidr) ??
        invalid("destination_cidr: expected an IP or CIDR like 8.8.8.8 or 10.1.0.0/16");
    if (args.destination_instance_id === args.source_instance_id) {
      invalid("destination_instance_id: the source and destination are the same instance");
    }
    const service = args.destination_endpoint_service;
    if (service !== undefined && !/^[a-z0-9][a-z0-9.-]+$/.test(service)) {
      invalid(
        "destination_endpoint_service: expected a service name like com.amazonaws.eu-west-1.s3",
      );
    }

    const ec2 = await ctx.aws.client("ec2");
    const notModeled = new Set(NOT_MODELED);
    const net = new Network(ec2, notModeled);
    const ids = [
      args.source_instance_id,
      ...(args.destination_instance_id ? [args.destination_instance_id] : []),
    ];
    const instances = await describeInstances(ec2, ids);
    const byId = (id: string) => {
      const found = instances.find((i) => i.InstanceId === id);
      if (!found) {
        throw new ToolError(
          "InvalidInstanceID.NotFound",
          `The instance ID '${id}' does not exist`,
          `check the id exists in ${ctx.region}, or pass the region it runs in`,
        );
      }
      return found;
    };
    const srcInstance = byId(args.source_instance_id);
    const srcPlace = placement(srcInstance, args.source_instance_id);
    const srcPrivate = host(srcInstance.PrivateIpAddress);
    if (!srcPrivate) {
      throw new ToolError(
        "NoNetworkPlacement",
        `${args.source_instance_id} has no private IP address`,
        "check the instance is running",
      );
    }
    const source: Source = {
      instance: srcInstance,
      id: args.source_instance_id,
      ...srcPlace,
      privateCidr: srcPrivate,
      groupIds: groupIdsOf(srcInstance),
    };
    const destInstance = args.destination_instance_id
      ? byId(args.destination_instance_id)
      : undefined;
    const destPlace = destInstance && args.destination_instance_id
      ? placement(destInstance, args.destination_instance_id)
      : undefined;

    for (const i of [srcInstance, destInstance]) {
      const state = i?.State?.Name;
      if (i && state && state !== "running") {
        notModeled.add(`${i.InstanceId} is ${state}: answered as if it ran`);
      }
    }

    // Everything the common paths need, asked at once.
    net.routeTable(source.subnetId, source.vpcId);
    net.nacl(source.subnetId);
    net.groups([...source.groupIds, ...(destInstance ? groupIdsOf(destInstance) : [])]);
    if (destPlace) {
      net.routeTable(destPlace.subnetId, destPlace.vpcId);
      net.nacl(destPlace.subnetId);
    }
    if (service) net.endpoints(source.vpcId, service);

    const flow = forwardFlow(protocol, args.port);
    const walk = new Walk(net, source, flow, returnFlow(protocol), notModeled);
    const table = await net.routeTable(source.subnetId, source.vpcId);

    let target: Target;
    if (destInstance && destPlace) {
      const ip = host(destInstance.PrivateIpAddress);
      if (!ip) {
        throw new ToolError(
          "NoNetworkPlacement",
          `${args.destination_instance_id} has no private IP address`,
          "check the instance is running",
        );
      }
      target = {
        label: `${destInstance.InstanceId} (${destInstance.PrivateIpAddress})`,
        cidrs: [ip],
        groupIds: groupIdsOf(destInstance),
        ...destPlace,
        instance: destInstance,
      };
    } else if (cidrInput) {
      target = { label: cidrInput.text, cidrs: [cidrInput], groupIds: [] };
    } else {
      target = await serviceTarget(net, source, table, service ?? "", notModeled);
    }

    const result = await walkPath(walk, target, table);
    const blocked = walk.hops.find((h) => !h.allowed);
    const reachable = result && !blocked;
    const verdict = reachable
      ? `reachable: ${source.id} -> ${target.label} ${flowText(flow)}`
      : walk.undetermined
      ? `not determined at ${blocked?.step}: ${blocked?.detail}`
      : `not reachable: blocked at ${blocked?.step}: ${blocked?.detail}; later hops not evaluated`;
    return compact({
      reachable,
      verdict,
      destination: target.label,
      hops: walk.hops,
      blocked_at: reachable ? undefined : blocked?.step,
      not_modeled: [...notModeled],
    });
  },
});

/** The destination for an endpoint service: its interface or gateway endpoint, else its public side. */
async function serviceTarget(
  net: Network,
  source: Source,
  table: RouteTable | undefined,
  service: string,
  notModeled: Set<string>,
): Promise<Target> {
  const endpoints = (await net.endpoints(source.vpcId, service)).filter((e) =>
    (e.State ?? "available").toLowerCase() === "available"
  );
  const iface = endpoints.find((e) => e.VpcEndpointType === "Interface");
  if (iface) {
    const enis = await net.interfaces(iface.NetworkInterfaceIds ?? []);
    const zone = source.instance.Placement?.AvailabilityZone;
    const eni = enis.find((n) => n.AvailabilityZone === zone) ?? enis[0];
    const ip = host(eni?.PrivateIpAddress);
    if (eni && ip) {
      return {
        label: `${service} (${iface.VpcEndpointId} ${eni.PrivateIpAddress})`,
        cidrs: [ip],
        groupIds: (iface.Groups ?? []).flatMap((g) => g.GroupId ?? []),
        ...(eni.SubnetId ? { subnetId: eni.SubnetId } : {}),
        vpcId: source.vpcId,
        interfaceEndpoint: { endpoint: iface, eni },
      };
    }
  }
  const gateway = endpoints.find((e) => e.VpcEndpointType === "Gateway");
  const viaGateway = gateway &&
    table?.Routes?.find((r) => r.GatewayId === gateway.VpcEndpointId && r.DestinationPrefixListId);
  const plId = viaGateway?.DestinationPrefixListId ?? await net.servicePrefixList(service);
  if (plId) await net.resolvePrefixLists([plId]);
  const plCidrs = plId ? net.prefixLists.get(plId) : undefined;
  if (gateway && viaGateway) {
    return {
      label: `${service} (${plId})`,
      cidrs: plCidrs?.length ? plCidrs : [parseCidr("0.0.0.0/0") as Cidr],
      groupIds: [],
      ...(plId ? { prefixListId: plId } : {}),
      gatewayEndpoint: gateway,
    };
  }
  if (gateway) {
    notModeled.add(
      `${gateway.VpcEndpointId} is not in the source's route table: checked the public endpoint`,
    );
  }
  if (!plCidrs?.length) {
    notModeled.add(`public addresses of ${service} (checked as 0.0.0.0/0)`);
  }
  return {
    label: `${service} (public endpoint)`,
    cidrs: plCidrs?.length ? plCidrs : [parseCidr("0.0.0.0/0") as Cidr],
    groupIds: [],
    ...(plId && plCidrs?.length ? { prefixListId: plId } : {}),
  };
}

function routeLine(table: RouteTable, dest: Cidr, route: Route): string {
  return `${table.RouteTableId} sends ${dest.text} to ${routeTarget(route) ?? "?"} (route ${
    routeDestination(route)
  })`;
}

function otherSide(p: VpcPeeringConnection | undefined, vpcId: string) {
  if (p?.RequesterVpcInfo?.VpcId === vpcId) return p.AccepterVpcInfo;
  if (p?.AccepterVpcInfo?.VpcId === vpcId) return p.RequesterVpcInfo;
  return undefined;
}

const cidrsOf = (texts: readonly (string | undefined)[]) =>
  texts.flatMap((c) => (c ? [parseCidr(c)] : [])).filter((c): c is Cidr => c !== undefined);

/** The subnet of a VPC that holds an address, for a destination given as a CIDR. */
async function subnetHolding(net: Network, vpcId: string, dest: Cidr) {
  return (await net.subnets(vpcId)).find((s) =>
    cidrsOf([s.CidrBlock, ...(s.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock)])
      .some((c) => cidrContains(c, dest))
  )?.SubnetId;
}

/** Walks the hops for a resolved target; false when a hop blocked or the path is unknown. */
async function walkPath(
  walk: Walk,
  target: Target,
  table: RouteTable | undefined,
): Promise<boolean> {
  const { net, source, flow, notModeled } = walk;

  // The route comes first (pure), so the security group hop knows whether group references
  // can match: they do only over private paths (same VPC or peering).
  let route: Route | undefined;
  let publicInstance = false;
  if (target.gatewayEndpoint) {
    route = table?.Routes?.find((r) => r.GatewayId === target.gatewayEndpoint?.VpcEndpointId);
  } else if (!target.interfaceEndpoint) {
    route = routeFor(table, target.cidrs[0] as Cidr, net.prefixLists);
    const kind = route && routeKind(route);
    const publicIp = host(target.instance?.PublicIpAddress);
    // Another VPC's instance with no private route to it: its public address, over the internet.
    if (
      target.instance && target.vpcId !== source.vpcId && publicIp &&
      (kind === "igw" || kind === "nat" || kind === undefined)
    ) {
      target.cidrs = [publicIp];
      target.label = `${target.instance.InstanceId} (public ${target.instance.PublicIpAddress})`;
      route = routeFor(table, publicIp, net.prefixLists);
      publicInstance = true;
    }
  }
  const dest = target.cidrs[0] as Cidr;
  const kind = target.interfaceEndpoint ? "local" : route ? routeKind(route) : undefined;
  const privatePath = kind === "local" || kind === "pcx";

  // 1. Source security group egress (stateful: the reply needs no rule).
  const peer: Peer = {
    cidrs: target.cidrs,
    ...(privatePath ? { groupIds: target.groupIds } : {}),
    ...(target.prefixListId ? { prefixListId: target.prefixListId } : {}),
    label: target.label,
  };
  if (!await walk.sg("source security group egress", source.groupIds, true, peer)) return false;

  // Where a private path lands, for the destination NACL and the return route.
  const peering = kind === "pcx" && route?.VpcPeeringConnectionId
    ? await net.peering(route.VpcPeeringConnectionId)
    : undefined;
  let destSubnet = privatePath ? target.subnetId : undefined;
  let destVpc = target.vpcId;
  if (!destSubnet && privatePath) {
    destVpc = kind === "local" ? source.vpcId : otherSide(peering, source.vpcId)?.VpcId;
    destSubnet = destVpc ? await subnetHolding(net, destVpc, dest) : undefined;
    if (destVpc && !destSubnet) {
      notModeled.add(`network ACL at ${dest.text} (no subnet of ${destVpc} holds it)`);
    }
  }
  const sameSubnet = kind === "local" && destSubnet === source.subnetId;

  // 2. Source subnet NACL outbound.
  if (sameSubnet) {
    walk.add(
      "source subnet NACL outbound",
      true,
      `same subnet ${source.subnetId}: no NACL crossed`,
    );
  } else if (
    !await walk.nacl("source subnet NACL outbound", source.subnetId, true, flow, target.cidrs)
  ) return false;

  // 3. The source subnet's route table.
  if (!table) {
    return walk.add("route table", false, `no route table applies to ${source.subnetId}`);
  }
  if (target.interfaceEndpoint) {
    const { endpoint, eni } = target.interfaceEndpoint;
    walk.add(
      "route table",
      true,
      `${table.RouteTableId}: ${endpoint.VpcEndpointId}'s ${eni.NetworkInterfaceId} is in ${source.vpcId} (local)`,
    );
  } else if (!route) {
    return walk.add("route table", false, `${table.RouteTableId} has no route to ${dest.text}`);
  } else if (kind === "blackhole") {
    return walk.add(
      "route table",
      false,
      `${table.RouteTableId} route ${routeDestination(route)} to ${
        routeTarget(route) ?? "?"
      } is a blackhole (its target is gone)`,
    );
  } else if (target.gatewayEndpoint) {
    walk.add(
      "route table",
      true,
      `${table.RouteTableId} sends ${
        routeDestination(route)
      } (${target.gatewayEndpoint.ServiceName}) to ${routeTarget(route) ?? "?"}`,
    );
  } else {
    walk.add("route table", true, routeLine(table, dest, route));
  }

  switch (kind) {
    case "local":
      if (target.interfaceEndpoint) {
        const { endpoint, eni } = target.interfaceEndpoint;
        walk.add(
          "VPC endpoint",
          true,
          `${endpoint.VpcEndpointId} (Interface) ${eni.NetworkInterfaceId} in ${eni.SubnetId}; endpoint policy not evaluated`,
        );
      }
      return await destinationSide(walk, target, destSubnet, source.privateCidr, true, sameSubnet);
    case "pcx":
      return await peeringPath(walk, target, route as Route, peering, destSubnet, destVpc);
    case "igw":
    case "eigw":
      return await internetPath(walk, target, route as Route, publicInstance);
    case "nat":
      return await natPath(walk, target, route as Route, publicInstance);
    case "vpce":
      walk.add(
        "VPC endpoint",
        true,
        `${routeTarget(route as Route)} (Gateway) to ${
          target.gatewayEndpoint?.ServiceName ?? target.label
        }; endpoint policy not evaluated`,
      );
      return await sourceReturn(walk, target);
    default: {
      const name = TARGET_NAMES[kind ?? "other"] ?? "this route target";
      return walk.unknown(
        "route target",
        `${
          routeTarget(route as Route) ?? "?"
        }: ${name} is not modeled; reachability beyond it is unknown`,
      );
    }
  }
}

/** Peering: active, leading to the destination's VPC, with a route back over it. */
async function peeringPath(
  walk: Walk,
  target: Target,
  route: Route,
  peering: VpcPeeringConnection | undefined,
  destSubnet: string | undefined,
  destVpc: string | undefined,
): Promise<boolean> {
  const { net, source, notModeled } = walk;
  const dest = target.cidrs[0] as Cidr;
  const id = route.VpcPeeringConnectionId ?? "pcx-?";
  const other = otherSide(peering, source.vpcId);
  const status = peering?.Status?.Code;
  if (!peering || !other) {
    return walk.add("peering", false, `${id} not found, or not attached to ${source.vpcId}`);
  }
  if (status !== "active") {
    return walk.add("peering", false, `${id} is ${status ?? "in an unknown state"}, not active`);
  }
  const otherCidrs = cidrsOf([
    other.CidrBlock,
    ...(other.CidrBlockSet ?? []).map((c) => c.CidrBlock),
    ...(other.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock),
  ]);
  if (!otherCidrs.some((c) => cidrContains(c, dest))) {
    return walk.add(
      "peering",
      false,
      `${id} leads to ${other.VpcId} (${
        [...new Set(otherCidrs.map((c) => c.text))].join(", ")
      }), which does not hold ${dest.text}`,
    );
  }
  walk.add("peering", true, `${id} is active between ${source.vpcId} and ${other.VpcId}`);
  if (destSubnet && destVpc) {
    const backTable = await net.routeTable(destSubnet, destVpc);
    const back = routeFor(backTable, source.privateCidr, net.prefixLists);
    const ok = back?.VpcPeeringConnectionId === id && back.State !== "blackhole";
    const detail = !backTable
      ? `no route table applies to ${destSubnet}`
      : !back
      ? `${backTable.RouteTableId} has no route to ${source.privateCidr.text} over ${id}`
      : ok
      ? `${routeLine(backTable, source.privateCidr, back)}: replies return over the peering`
      : `${routeLine(backTable, source.privateCidr, back)}, not over ${id}`;
    if (!walk.add("return route table", ok, detail)) return false;
  } else {
    notModeled.add(`return route from ${other.VpcId} (its subnet is not visible)`);
  }
  return await destinationSide(walk, target, destSubnet, source.privateCidr, true, false);
}

/** Straight out through an internet gateway (or egress-only gateway for IPv6). */
async function internetPath(
  walk: Walk,
  target: Target,
  route: Route,
  publicInstance: boolean,
): Promise<boolean> {
  const { source } = walk;
  const dest = target.cidrs[0] as Cidr;
  const gw = routeTarget(route) ?? "?";
  if (isPrivateRange(dest)) {
    return walk.add(
      "internet gateway",
      false,
      `${gw} does not carry traffic to private address ${dest.text}`,
    );
  }
  const ipv6 = (source.instance.NetworkInterfaces ?? []).flatMap((n) =>
    (n.Ipv6Addresses ?? []).flatMap((a) => a.Ipv6Address ?? [])
  );
  const from = dest.v6
    ? host(ipv6[0])
    : gw.startsWith("igw-")
    ? host(source.instance.PublicIpAddress)
    : undefined;
  if (!from) {
    return walk.add(
      "internet gateway",
      false,
      dest.v6
        ? `${source.id} has no IPv6 address for ${gw}`
        : gw.startsWith("igw-")
        ? `${source.id} has no public IPv4 address or Elastic IP, so ${gw} cannot carry its traffic`
        : `${gw} is an egress-only gateway: IPv6 only`,
    );
  }
  walk.add("internet gateway", true, `${gw} carries it from ${source.id}'s public ${from.text}`);
  if (publicInstance && !await publicDestination(walk, target, from)) return false;
  return await sourceReturn(walk, target);
}

/** Through a NAT gateway: its state, its subnet's NACL and route to an internet gateway. */
async function natPath(
  walk: Walk,
  target: Target,
  route: Route,
  publicInstance: boolean,
): Promise<boolean> {
  const { net, source, flow, back } = walk;
  const dest = target.cidrs[0] as Cidr;
  const id = route.NatGatewayId ?? "nat-?";
  const nat = await net.nat(id);
  const natSubnet = nat?.SubnetId;
  const publicIp = nat?.NatGatewayAddresses?.find((a) => a.PublicIp)?.PublicIp;
  if (!nat || !natSubnet) return walk.add("NAT gateway", false, `${id} not found`);
  if (nat.State !== "available") {
    return walk.add("NAT gateway", false, `${id} is ${nat.State ?? "in an unknown state"}`);
  }
  if (nat.ConnectivityType === "private" || !publicIp) {
    return walk.add(
      "NAT gateway",
      false,
      `${id} is a private NAT gateway (no Elastic IP): it cannot reach the internet`,
    );
  }
  walk.add("NAT gateway", true, `${id} in ${natSubnet} translates to public ${publicIp}`);
  const crosses = natSubnet !== source.subnetId;
  if (
    crosses &&
    !await walk.nacl("NAT subnet NACL inbound", natSubnet, false, flow, [source.privateCidr])
  ) return false;
  const natTable = await net.routeTable(natSubnet, nat.VpcId ?? source.vpcId);
  const onward = routeFor(natTable, dest, net.prefixLists);
  const onwardKind = onward && routeKind(onward);
  if (!natTable || !onward || onwardKind !== "igw") {
    return walk.add(
      "NAT subnet route table",
      false,
      !natTable
        ? `no route table applies to ${natSubnet}`
        : !onward
        ? `${natTable.RouteTableId} has no route to ${dest.text}`
        : `${routeLine(natTable, dest, onward)}: not an internet gateway`,
    );
  }
  walk.add("NAT subnet route table", true, routeLine(natTable, dest, onward));
  if (
    crosses && !await walk.nacl("NAT subnet NACL outbound", natSubnet, true, flow, target.cidrs)
  ) {
    return false;
  }
  if (isPrivateRange(dest)) {
    return walk.add(
      "internet gateway",
      false,
      `${routeTarget(onward)} does not carry traffic to private address ${dest.text}`,
    );
  }
  const from = parseCidr(publicIp) as Cidr;
  walk.add(
    "internet gateway",
    true,
    `${routeTarget(onward)} carries it from ${id}'s public ${from.text}`,
  );
  if (publicInstance && !await publicDestination(walk, target, from)) return false;
  if (crosses) {
    if (!await walk.nacl("return path NACL", natSubnet, false, back, target.cidrs, true)) {
      return false;
    }
    if (!await walk.nacl("return path NACL", natSubnet, true, back, [source.privateCidr], true)) {
      return false;
    }
  }
  return await sourceReturn(walk, target);
}

/** Another VPC's instance reached at its public address: its route back, NACL and groups. */
async function publicDestination(walk: Walk, target: Target, from: Cidr): Promise<boolean> {
  const { net } = walk;
  if (!target.subnetId || !target.vpcId) return true;
  const table = await net.routeTable(target.subnetId, target.vpcId);
  const route = routeFor(table, from, net.prefixLists);
  const ok = route !== undefined && routeKind(route) === "igw";
  const detail = !table
    ? `no route table applies to ${target.subnetId}`
    : !route
    ? `${table.RouteTableId} has no route back to ${from.text}`
    : ok
    ? `${routeLine(table, from, route)}: replies return through the internet gateway`
    : `${routeLine(table, from, route)}: replies do not return through an internet gateway`;
  if (!walk.add("return route table", ok, detail)) return false;
  return await destinationSide(walk, target, target.subnetId, from, false, false, false);
}

/**
 * The destination's NACL and security groups for traffic from `from`, then the return path's
 * NACLs (destination outbound, then source inbound unless `thenSource` is false).
 */
async function destinationSide(
  walk: Walk,
  target: Target,
  destSubnet: string | undefined,
  from: Cidr,
  privatePath: boolean,
  sameSubnet: boolean,
  thenSource = true,
): Promise<boolean> {
  const { source, flow, back } = walk;
  if (sameSubnet) {
    walk.add("destination NACL inbound", true, `same subnet ${source.subnetId}: no NACL crossed`);
  } else if (destSubnet) {
    if (!await walk.nacl("destination NACL inbound", destSubnet, false, flow, [from])) return false;
  }
  if (target.instance || target.interfaceEndpoint) {
    const peer: Peer = {
      cidrs: [from],
      ...(privatePath ? { groupIds: source.groupIds } : {}),
      label: `${source.id} (${from.text})`,
    };
    if (!await walk.sg("destination security group ingress", target.groupIds, false, peer)) {
      return false;
    }
  } else {
    walk.notModeled.add(`destination security group (no instance named at ${target.label})`);
  }
  if (sameSubnet) return true;
  if (destSubnet && !await walk.nacl("return path NACL", destSubnet, true, back, [from], true)) {
    return false;
  }
  return thenSource ? await sourceReturn(walk, target) : true;
}

/** The reply entering the source's subnet, on the ephemeral ports (NACLs are stateless). */
function sourceReturn(walk: Walk, target: Target): Promise<boolean> {
  return walk.nacl("return path NACL", walk.source.subnetId, false, walk.back, target.cidrs, true);
}
