import type {
  IpPermission,
  NetworkAcl,
  NetworkAclEntry,
  Route,
  RouteTable,
  SecurityGroup,
} from "@aws-sdk/client-ec2";
import { routeTarget } from "./_routes.ts";

// Pure evaluation for vpc_explain_reachability: addresses, routes, security groups and network
// ACLs, over the SDK's own shapes, with no AWS calls.

/** An IPv4 or IPv6 network: its first address as a number and its prefix length. */
export interface Cidr {
  v6: boolean;
  base: bigint;
  len: number;
  /** Canonical text: the network address (host bits cleared) and the prefix length. */
  text: string;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groups = (s: string | undefined) => (s ? s.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  let value = 0n;
  for (const group of [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...tail]) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  return value;
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join(".");
}

function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => (value >> BigInt(112 - 16 * i)) & 0xffffn);
  // Compress the longest run of zero groups (at least two), as RFC 5952 does.
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > (best[1] ?? 0) && j - i >= 2) best = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  const [at = -1, run = 0] = best;
  if (at < 0) return hex.join(":");
  return `${hex.slice(0, at).join(":")}::${hex.slice(at + run).join(":")}`;
}

/** Parses an IP address (a host network) or a CIDR, IPv4 or IPv6; undefined if malformed. */
export function parseCidr(input: string): Cidr | undefined {
  const [address = "", prefix, extra] = input.trim().split("/");
  if (extra !== undefined) return undefined;
  const v6 = address.includes(":");
  const bits = v6 ? 128 : 32;
  const value = v6 ? parseV6(address) : parseV4(address);
  if (value === undefined) return undefined;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const len = prefix === undefined ? bits : Number(prefix);
  if (len > bits) return undefined;
  const hostBits = BigInt(bits - len);
  const base = (value >> hostBits) << hostBits;
  return { v6, base, len, text: `${v6 ? formatV6(base) : formatV4(base)}/${len}` };
}

/** `outer` contains every address of `inner` (same address family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6 || outer.len > inner.len) return false;
  const shift = BigInt((outer.v6 ? 128 : 32) - outer.len);
  return (outer.base >> shift) === (inner.base >> shift);
}

/** The two networks share at least one address. */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

const NOT_INTERNET = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "fc00::/7",
  "fe80::/10",
].map((c) => parseCidr(c) as Cidr);

/** The network lies wholly in private, shared, loopback or link-local space: no IGW carries it. */
export function isPrivateRange(c: Cidr): boolean {
  return NOT_INTERNET.some((p) => cidrContains(p, c));
}

/** The protocol of the question; icmp means an echo request (ping) and its reply. */
export type Protocol = "tcp" | "udp" | "icmp" | "all";

/** One direction of traffic: tcp/udp ports `from`-`to`, or the ICMP type in `from`. */
export interface Flow {
  protocol: Protocol;
  from: number;
  to: number;
}

/** Ephemeral ports the return traffic of tcp and udp goes to (Linux, Windows, NAT gateways). */
export const EPHEMERAL: readonly [number, number] = [1024, 65535];

/** The traffic the question asks about, from the source to the destination. */
export function forwardFlow(protocol: Protocol, port: number | undefined): Flow {
  if (protocol === "icmp") return { protocol, from: 8, to: 8 };
  if (protocol === "all") return { protocol, from: 0, to: 65535 };
  return { protocol, from: port ?? 0, to: port ?? 65535 };
}

/** The answer the destination sends back: to the ephemeral ports, or an echo reply. */
export function returnFlow(protocol: Protocol): Flow {
  if (protocol === "icmp") return { protocol, from: 0, to: 0 };
  if (protocol === "all") return { protocol, from: 0, to: 65535 };
  return { protocol, from: EPHEMERAL[0], to: EPHEMERAL[1] };
}

/** AWS protocol names and numbers to one spelling: the IANA number, "-1" for all. */
export function protocolNumber(p: string | undefined): string {
  const value = (p ?? "-1").toLowerCase();
  const names: Record<string, string> = {
    all: "-1",
    tcp: "6",
    udp: "17",
    icmp: "1",
    icmpv6: "58",
    "icmp-v6": "58",
  };
  return names[value] ?? value;
}

function flowProtocol(flow: Flow, v6: boolean): string {
  if (flow.protocol === "icmp") return v6 ? "58" : "1";
  return protocolNumber(flow.protocol);
}

/** Words for a flow: "tcp 443", "tcp 1024-65535", "icmp echo", "all traffic". */
export function flowText(flow: Flow): string {
  if (flow.protocol === "all") return "all traffic";
  if (flow.protocol === "icmp") return flow.from === 0 ? "icmp echo reply" : "icmp echo";
  return `${flow.protocol} ${portsText(flow.from, flow.to)}`;
}

function portsText(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

function ruleText(protocol: string, from: number | undefined, to: number | undefined): string {
  const p = protocolNumber(protocol);
  if (p === "-1") return "all traffic";
  const name = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" }[p] ?? `protocol ${p}`;
  if (p === "1" || p === "58") {
    return from === undefined || from === -1 ? name : `${name} type ${from}`;
  }
  if (from === undefined || to === undefined || (from <= 0 && to >= 65535) || from === -1) {
    return `${name} all ports`;
  }
  return `${name} ${portsText(from, to)}`;
}

// ---------------------------------------------------------------------------------------------
// Routes

/** The route a table uses for a destination: the longest prefix that contains it. */
export function routeFor(
  table: RouteTable | undefined,
  dest: Cidr,
  prefixLists: ReadonlyMap<string, readonly Cidr[]> = new Map(),
): Route | undefined {
  let best: { route: Route; len: number } | undefined;
  for (const route of table?.Routes ?? []) {
    const candidates = route.DestinationPrefixListId
      ? prefixLists.get(route.DestinationPrefixListId) ?? []
      : [route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock]
        .flatMap((c) => (c ? [parseCidr(c)] : []))
        .filter((c): c is Cidr => c !== undefined);
    for (const c of candidates) {
      if (!cidrContains(c, dest)) continue;
      // Equal prefixes: the local route wins, as it does in AWS.
      if (!best || c.len > best.len || (c.len === best.len && route.GatewayId === "local")) {
        best = { route, len: c.len };
      }
    }
  }
  return best?.route;
}

/** Where a route sends traffic, by the kind of its target. */
export type RouteKind =
  | "local"
  | "igw"
  | "eigw"
  | "nat"
  | "pcx"
  | "vpce"
  | "tgw"
  | "vgw"
  | "other"
  | "blackhole";

/** The kind of a route's target; a blackhole route drops traffic whatever its target. */
export function routeKind(route: Route): RouteKind {
  if (route.State === "blackhole") return "blackhole";
  if (route.GatewayId === "local") return "local";
  const target = routeTarget(route) ?? "";
  const prefixes: [string, RouteKind][] = [
    ["igw-", "igw"],
    ["eigw-", "eigw"],
    ["nat-", "nat"],
    ["pcx-", "pcx"],
    ["vpce-", "vpce"],
    ["tgw-", "tgw"],
    ["vgw-", "vgw"],
  ];
  return prefixes.find(([p]) => target.startsWith(p))?.[1] ?? "other";
}

/** The route's destination as written in the table: a CIDR or a prefix list id. */
export function routeDestination(route: Route): string {
  return route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ??
    route.DestinationPrefixListId ?? "?";
}

// ---------------------------------------------------------------------------------------------
// Security groups (stateful, allow-only: any rule of any group allows)

/** The other end of the traffic, as a security group rule sees it. */
export interface Peer {
  /** Its addresses; every one must be allowed. */
  cidrs: readonly Cidr[];
  /** Groups the other end has; they match rules that reference them (private paths only). */
  groupIds?: readonly string[];
  /** A prefix list that stands for the other end (a gateway endpoint's service). */
  prefixListId?: string;
  /** How to name it in a detail line. */
  label: string;
}

/** A rule that allows the traffic, and what it names as the peer. */
export interface SgMatch {
  group: SecurityGroup;
  permission: IpPermission;
  /** The CIDR, group or prefix list of the rule that matched. */
  via: string;
}

/** The answer for a set of security groups in one direction. */
export interface SgVerdict {
  allowed: boolean;
  matches: SgMatch[];
  /** Prefix lists that rules with the right protocol and ports name, not resolved yet. */
  unresolved: string[];
}

function permissionCoversFlow(p: IpPermission, flow: Flow, v6: boolean): boolean {
  const rule = protocolNumber(p.IpProtocol);
  if (rule === "-1") return true;
  if (flow.protocol === "all" || rule !== flowProtocol(flow, v6)) return false;
  if (flow.protocol === "icmp") {
    const type = p.FromPort ?? -1;
    const code = p.ToPort ?? -1;
    return (type === -1 || type === flow.from) && (code === -1 || code === 0);
  }
  const from = p.FromPort ?? -1;
  const to = p.ToPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= flow.from && flow.to <= to;
}

/** Rules of one direction (egress or ingress) of the groups: does any allow the flow to the peer? */
export function evaluateSecurityGroups(
  groups: readonly SecurityGroup[],
  egress: boolean,
  flow: Flow,
  peer: Peer,
  prefixLists: ReadonlyMap<string, readonly Cidr[]> = new Map(),
): SgVerdict {
  const matches: SgMatch[] = [];
  const unresolved = new Set<string>();
  const uncovered = new Set(peer.cidrs.map((c) => c.text));
  let whole = false;
  const v6 = peer.cidrs[0]?.v6 ?? false;
  for (const group of groups) {
    const permissions = (egress ? group.IpPermissionsEgress : group.IpPermissions) ?? [];
    for (const permission of permissions) {
      if (!permissionCoversFlow(permission, flow, v6)) continue;
      const match = (via: string) => matches.push({ group, permission, via });
      for (const pair of permission.UserIdGroupPairs ?? []) {
        if (pair.GroupId && peer.groupIds?.includes(pair.GroupId)) {
          whole = true;
          match(pair.GroupId);
        }
      }
      for (const pl of permission.PrefixListIds ?? []) {
        const id = pl.PrefixListId;
        if (!id) continue;
        if (id === peer.prefixListId) {
          whole = true;
          match(id);
          continue;
        }
        const cidrs = prefixLists.get(id);
        if (!cidrs) {
          unresolved.add(id);
          continue;
        }
        for (const c of peer.cidrs) {
          if (uncovered.has(c.text) && cidrs.some((r) => cidrContains(r, c))) {
            uncovered.delete(c.text);
            match(id);
          }
        }
      }
      const ranges = [
        ...(permission.IpRanges ?? []).map((r) => r.CidrIp),
        ...(permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
      ];
      for (const text of ranges) {
        const range = text ? parseCidr(text) : undefined;
        if (!range) continue;
        for (const c of peer.cidrs) {
          if (uncovered.has(c.text) && cidrContains(range, c)) {
            uncovered.delete(c.text);
            match(range.text);
          }
        }
      }
    }
  }
  const allowed = whole || (peer.cidrs.length > 0 && uncovered.size === 0);
  return { allowed, matches, unresolved: allowed ? [] : [...unresolved] };
}

function groupLabel(g: SecurityGroup): string {
  return g.GroupName ? `${g.GroupId} (${g.GroupName})` : g.GroupId ?? "?";
}

/** One line for a security group verdict: the allowing rule, or the groups that allow nothing. */
export function sgDetail(
  groups: readonly SecurityGroup[],
  egress: boolean,
  flow: Flow,
  peer: Peer,
  verdict: SgVerdict,
): string {
  const dir = egress ? "to" : "from";
  if (verdict.allowed) {
    const seen = new Set<string>();
    return verdict.matches.filter((m) => {
      const key = `${m.group.GroupId}|${m.via}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }).map((m) =>
      `${groupLabel(m.group)} allows ${
        ruleText(m.permission.IpProtocol ?? "-1", m.permission.FromPort, m.permission.ToPort)
      } ${dir} ${m.via}`
    ).join("; ");
  }
  const names = groups.length ? groups.map(groupLabel).join(", ") : "(no security groups)";
  return `no ${egress ? "egress" : "ingress"} rule of ${names} allows ${
    flowText(flow)
  } ${dir} ${peer.label}`;
}

// ---------------------------------------------------------------------------------------------
// Network ACLs (stateless, first matching rule by number wins)

/** The answer of one network ACL in one direction. */
export interface NaclVerdict {
  allowed: boolean;
  /** The rules that decided: the denying one, or the allowing ones (several if ports split). */
  rules: NetworkAclEntry[];
  /** Denied: the ports (or ICMP type) of the flow that the denying rule took. */
  denied?: [number, number];
}

/** The number AWS gives the catch-all deny rule ("*" in the console). */
export const DEFAULT_RULE = 32767;

type Range = [number, number];

function subtract(ranges: readonly Range[], [lo, hi]: Range): Range[] {
  return ranges.flatMap(([a, b]): Range[] => {
    if (hi < a || lo > b) return [[a, b]];
    const out: Range[] = [];
    if (a < lo) out.push([a, lo - 1]);
    if (hi < b) out.push([hi + 1, b]);
    return out;
  });
}

function intersect(ranges: readonly Range[], [lo, hi]: Range): Range | undefined {
  for (const [a, b] of ranges) {
    if (hi >= a && lo <= b) return [Math.max(a, lo), Math.min(b, hi)];
  }
  return undefined;
}

/** Evaluates one direction of an ACL, lowest rule number first, for a flow to or from `peer`. */
export function evaluateNacl(
  acl: NetworkAcl,
  egress: boolean,
  flow: Flow,
  peer: Cidr,
): NaclVerdict {
  // A rule applies when its CIDR contains the peer (a wider destination is judged as a whole,
  // not address by address). A deny that takes any part of the flow's ports blocks it: return
  // traffic must pass on every ephemeral port. "All traffic" is allowed only by rules for every
  // protocol, and blocked by a deny of any one protocol.
  const entries = (acl.Entries ?? [])
    .filter((e) => (e.Egress ?? false) === egress)
    .sort((a, b) => (a.RuleNumber ?? DEFAULT_RULE) - (b.RuleNumber ?? DEFAULT_RULE));
  let remaining: Range[] = [[flow.from, flow.to]];
  const allowing: NetworkAclEntry[] = [];
  const wanted = flowProtocol(flow, peer.v6);
  for (const entry of entries) {
    const cidr = parseCidr((peer.v6 ? entry.Ipv6CidrBlock : entry.CidrBlock) ?? "");
    if (!cidr || !cidrContains(cidr, peer)) continue;
    const rule = protocolNumber(entry.Protocol);
    const deny = entry.RuleAction === "deny";
    if (rule !== "-1" && flow.protocol === "all") {
      // A rule for one protocol: a deny blocks part of "all traffic", an allow does not cover it.
      if (deny) return { allowed: false, rules: [entry], denied: [flow.from, flow.to] };
      continue;
    }
    if (rule !== "-1" && rule !== wanted) continue;
    if (rule === "-1" || flow.protocol === "icmp") {
      const type = rule === "-1" ? -1 : entry.IcmpTypeCode?.Type ?? -1;
      if (type !== -1 && type !== flow.from) continue;
      // The rule takes every port still open; `remaining` is never empty here.
      if (deny) return { allowed: false, rules: [entry], denied: remaining[0] as Range };
      return { allowed: true, rules: [...allowing, entry] };
    }
    const from = entry.PortRange?.From ?? 0;
    const to = entry.PortRange?.To ?? 65535;
    const taken = intersect(remaining, [from, to]);
    if (!taken) continue;
    if (deny) return { allowed: false, rules: [entry], denied: taken };
    allowing.push(entry);
    remaining = subtract(remaining, [from, to]);
    if (remaining.length === 0) return { allowed: true, rules: allowing };
  }
  // AWS always ends with the catch-all deny; an ACL without it (a stub) denies the same way.
  return {
    allowed: false,
    rules: [],
    ...(remaining[0] ? { denied: remaining[0] } : {}),
  };
}

function entryText(e: NetworkAclEntry, egress: boolean): string {
  const n = e.RuleNumber === DEFAULT_RULE ? "*" : String(e.RuleNumber ?? "?");
  const verb = e.RuleAction === "deny" ? "denies" : "allows";
  const what = ruleText(
    e.Protocol ?? "-1",
    protocolNumber(e.Protocol) === "1" || protocolNumber(e.Protocol) === "58"
      ? e.IcmpTypeCode?.Type
      : e.PortRange?.From,
    e.PortRange?.To,
  );
  return `rule ${n} ${verb} ${what} ${egress ? "to" : "from"} ${
    e.CidrBlock ?? e.Ipv6CidrBlock ?? "?"
  }`;
}

/** One line for an ACL verdict: "acl-… rule 90 denies tcp 22 from 0.0.0.0/0". */
export function naclDetail(
  acl: NetworkAcl,
  egress: boolean,
  flow: Flow,
  peer: Cidr,
  verdict: NaclVerdict,
): string {
  const id = acl.NetworkAclId ?? "acl-?";
  if (verdict.rules.length === 0) {
    return `${id} has no rule allowing ${flowText(flow)} ${egress ? "to" : "from"} ${peer.text}`;
  }
  const rules = verdict.rules.map((e) => entryText(e, egress)).join("; ");
  const part = !verdict.allowed && verdict.denied && flow.protocol !== "icmp" &&
      flow.protocol !== "all" &&
      (verdict.denied[0] !== flow.from || verdict.denied[1] !== flow.to)
    ? ` (ports ${portsText(...verdict.denied)} of ${flowText(flow)})`
    : "";
  return `${id} ${rules}${part}`;
}
