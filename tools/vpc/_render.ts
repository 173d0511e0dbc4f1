import type { NetworkAclEntry, Route } from "@aws-sdk/client-ec2";
import { routeTarget } from "./_routes.ts";

/** The rule number of every network ACL's catch-all `*` rule, evaluated last. */
export const NACL_DEFAULT_RULE = 32767;

/**
 * One route as `destination → target`, e.g. `0.0.0.0/0 → igw-…`, `10.0.0.0/16 → local`,
 * `::/0 → eigw-…` or `pl-… → vpce-…`; a route whose target is gone ends in ` (blackhole)`, a
 * route a virtual private gateway propagated in ` (propagated)`.
 */
export function renderRoute(r: Route): string {
  const destination = r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ??
    r.DestinationPrefixListId ?? "?";
  const flags = [
    r.State === "blackhole" ? " (blackhole)" : "",
    r.Origin === "EnableVgwRoutePropagation" ? " (propagated)" : "",
  ].join("");
  return `${destination} → ${routeTarget(r) ?? "?"}${flags}`;
}

// Rules carry protocol numbers (NACLs always, security groups for the unusual ones); these are
// the ones people know by name.
const PROTOCOLS: Record<string, string> = {
  "-1": "all",
  "1": "icmp",
  "6": "tcp",
  "17": "udp",
  "58": "icmpv6",
};

/** A rule's protocol by name (`tcp`, `all`, …), or `proto N` for numbers without one. */
export function protocolName(raw: string | undefined): string {
  const value = raw ?? "-1";
  return PROTOCOLS[value] ?? (/^\d+$/.test(value) ? `proto ${value}` : value);
}

function protocolAndPorts(e: NetworkAclEntry): string {
  const proto = protocolName(e.Protocol);
  if (proto === "tcp" || proto === "udp") {
    const { From: from, To: to } = e.PortRange ?? {};
    if (from === undefined) return proto;
    return to === undefined || to === from ? `${proto} ${from}` : `${proto} ${from}-${to}`;
  }
  if (proto === "icmp" || proto === "icmpv6") {
    // -1 means any ICMP type, or any code of that type.
    const { Type: type, Code: code } = e.IcmpTypeCode ?? {};
    if (type === undefined || type === -1) return proto;
    return code === undefined || code === -1
      ? `${proto} type ${type}`
      : `${proto} type ${type} code ${code}`;
  }
  return proto;
}

/**
 * One network ACL entry as `number action protocol ports from|to cidr`, e.g.
 * `100 allow tcp 22 from 0.0.0.0/0` (inbound) or `* deny all to ::/0` (outbound); the catch-all
 * rule 32767 is written `*`, protocol -1 `all`, ICMP as `icmp type 8` (code when not any).
 */
export function renderNaclEntry(e: NetworkAclEntry): string {
  const number = e.RuleNumber === NACL_DEFAULT_RULE ? "*" : String(e.RuleNumber ?? "?");
  const peer = e.CidrBlock ?? e.Ipv6CidrBlock ?? "?";
  const word = e.Egress ? "to" : "from";
  return `${number} ${e.RuleAction ?? "?"} ${protocolAndPorts(e)} ${word} ${peer}`;
}

/**
 * A network ACL's entries of one direction in evaluation order: ascending rule number, so the
 * catch-all `*` (32767) comes last; the first entry that matches a packet decides.
 */
export function orderedNaclEntries(
  entries: readonly NetworkAclEntry[] | undefined,
  direction: "inbound" | "outbound",
): NetworkAclEntry[] {
  const egress = direction === "outbound";
  return (entries ?? [])
    .filter((e) => (e.Egress ?? false) === egress)
    .sort((a, b) => (a.RuleNumber ?? NACL_DEFAULT_RULE) - (b.RuleNumber ?? NACL_DEFAULT_RULE));
}

/** A network ACL's rules rendered per direction, in evaluation order. */
export function renderNaclRules(
  entries: readonly NetworkAclEntry[] | undefined,
): { inbound: string[]; outbound: string[] } {
  return {
    inbound: orderedNaclEntries(entries, "inbound").map(renderNaclEntry),
    outbound: orderedNaclEntries(entries, "outbound").map(renderNaclEntry),
  };
}
