import { deepEqual, equal } from "node:assert/strict";
import type {
  IpPermission,
  NetworkAcl,
  NetworkAclEntry,
  RouteTable,
  SecurityGroup,
} from "@aws-sdk/client-ec2";
import {
  type Cidr,
  cidrContains,
  cidrOverlaps,
  evaluateNacl,
  evaluateSecurityGroups,
  type Flow,
  flowText,
  forwardFlow,
  isPrivateRange,
  naclDetail,
  parseCidr,
  type Peer,
  protocolNumber,
  returnFlow,
  routeDestination,
  routeFor,
  routeKind,
  sgDetail,
} from "./_reachability.ts";

const c = (text: string) => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`bad test CIDR ${text}`);
  return parsed;
};

Deno.test("parseCidr normalizes addresses and networks, IPv4 and IPv6", () => {
  const cases: [string, string | undefined][] = [
    ["8.8.8.8", "8.8.8.8/32"],
    [" 8.8.8.8 ", "8.8.8.8/32"],
    ["10.1.2.3/16", "10.1.0.0/16"],
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["255.255.255.255/32", "255.255.255.255/32"],
    ["2001:db8::1", "2001:db8::1/128"],
    ["2001:DB8:0:0:0:0:0:0/32", "2001:db8::/32"],
    ["::/0", "::/0"],
    ["::1", "::1/128"],
    ["2001:db8:1:0:0:0:0:1/64", "2001:db8:1::/64"],
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1/128"],
    ["2001:0:0:1:1:0:0:1", "2001::1:1:0:0:1/128"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8/128"],
    ["256.1.1.1", undefined],
    ["10.0.0.0/33", undefined],
    ["1.2.3", undefined],
    ["1.2.3.4/", undefined],
    ["10.0.0.0/8/1", undefined],
    ["abc", undefined],
    ["", undefined],
    ["2001:db8::1::2", undefined],
    ["fe80::/129", undefined],
    ["1:2:3:4:5:6:7", undefined],
    ["1:2:3:4:5:6:7:8:9", undefined],
    ["12345::", undefined],
    ["10.0.0.x", undefined],
  ];
  for (const [input, want] of cases) equal(parseCidr(input)?.text, want, input);
  deepEqual(parseCidr("10.0.0.0/8"), { v6: false, base: 0x0a000000n, len: 8, text: "10.0.0.0/8" });
});

Deno.test("cidrContains and cidrOverlaps compare networks of one family only", () => {
  const cases: [string, string, boolean, boolean][] = [
    // outer, inner, contains, overlaps
    ["0.0.0.0/0", "8.8.8.8/32", true, true],
    ["10.0.0.0/16", "10.0.1.5", true, true],
    ["10.0.0.0/16", "10.1.0.5", false, false],
    ["10.0.1.0/24", "10.0.0.0/16", false, true],
    ["10.0.0.0/16", "10.0.0.0/16", true, true],
    ["172.16.0.0/12", "172.31.255.255", true, true],
    ["172.16.0.0/12", "172.32.0.0", false, false],
    ["::/0", "2001:db8::1", true, true],
    ["2001:db8::/32", "2001:db8:ffff::1", true, true],
    ["2001:db8::/32", "2001:db9::1", false, false],
    ["0.0.0.0/0", "::/0", false, false],
    ["::/0", "0.0.0.0/0", false, false],
  ];
  for (const [outer, inner, contains, overlaps] of cases) {
    equal(cidrContains(c(outer), c(inner)), contains, `${outer} contains ${inner}`);
    equal(cidrOverlaps(c(outer), c(inner)), overlaps, `${outer} overlaps ${inner}`);
  }
});

Deno.test("isPrivateRange is true only for networks wholly in non-internet space", () => {
  const cases: [string, boolean][] = [
    ["10.1.2.3", true],
    ["10.0.0.0/8", true],
    ["172.20.0.0/16", true],
    ["192.168.1.1", true],
    ["100.64.0.1", true],
    ["169.254.169.254", true],
    ["127.0.0.1", true],
    ["8.8.8.8", false],
    ["0.0.0.0/0", false],
    ["172.32.0.1", false],
    ["fd00::1", true],
    ["fe80::1", true],
    ["2001:db8::1", false],
    ["::/0", false],
  ];
  for (const [input, want] of cases) equal(isPrivateRange(c(input)), want, input);
});

Deno.test("protocolNumber maps AWS names and numbers to one spelling", () => {
  const cases: [string | undefined, string][] = [
    ["tcp", "6"],
    ["TCP", "6"],
    ["6", "6"],
    ["udp", "17"],
    ["17", "17"],
    ["icmp", "1"],
    ["1", "1"],
    ["icmpv6", "58"],
    ["58", "58"],
    ["-1", "-1"],
    ["all", "-1"],
    [undefined, "-1"],
    ["50", "50"],
  ];
  for (const [input, want] of cases) equal(protocolNumber(input), want, String(input));
});

Deno.test("forward and return flows per protocol", () => {
  deepEqual(forwardFlow("tcp", 443), { protocol: "tcp", from: 443, to: 443 });
  deepEqual(returnFlow("tcp"), { protocol: "tcp", from: 1024, to: 65535 });
  deepEqual(forwardFlow("udp", 53), { protocol: "udp", from: 53, to: 53 });
  deepEqual(forwardFlow("icmp", undefined), { protocol: "icmp", from: 8, to: 8 });
  deepEqual(returnFlow("icmp"), { protocol: "icmp", from: 0, to: 0 });
  deepEqual(forwardFlow("all", undefined), { protocol: "all", from: 0, to: 65535 });
  deepEqual(returnFlow("all"), { protocol: "all", from: 0, to: 65535 });
  const texts: [Flow, string][] = [
    [forwardFlow("tcp", 443), "tcp 443"],
    [returnFlow("udp"), "udp 1024-65535"],
    [forwardFlow("icmp", undefined), "icmp echo"],
    [returnFlow("icmp"), "icmp echo reply"],
    [forwardFlow("all", undefined), "all traffic"],
  ];
  for (const [flow, want] of texts) equal(flowText(flow), want);
});

const table: RouteTable = {
  RouteTableId: "rtb-1",
  Routes: [
    { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" },
    { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active" },
    { DestinationCidrBlock: "10.2.0.0/16", VpcPeeringConnectionId: "pcx-1", State: "active" },
    { DestinationCidrBlock: "10.2.5.0/24", NatGatewayId: "nat-gone", State: "blackhole" },
    { DestinationCidrBlock: "10.0.9.0/24", NetworkInterfaceId: "eni-fw", State: "active" },
    { DestinationCidrBlock: "172.16.0.0/12", TransitGatewayId: "tgw-1", State: "active" },
    { DestinationPrefixListId: "pl-s3", GatewayId: "vpce-1", State: "active" },
    { DestinationIpv6CidrBlock: "2001:db8::/56", GatewayId: "local", State: "active" },
    { DestinationIpv6CidrBlock: "::/0", EgressOnlyInternetGatewayId: "eigw-1", State: "active" },
  ],
};

Deno.test("routeFor picks the longest prefix, prefix lists by their CIDRs, blackholes included", () => {
  const prefixLists = new Map([["pl-s3", [c("52.216.0.0/15")]]]);
  const cases: [string, string | undefined][] = [
    ["8.8.8.8", "igw-1"],
    ["0.0.0.0/0", "igw-1"],
    ["10.0.1.5", "local"],
    ["10.0.0.0/16", "local"],
    ["10.0.9.7", "eni-fw"],
    ["10.2.1.1", "pcx-1"],
    ["10.2.5.1", "nat-gone"],
    ["172.20.0.1", "tgw-1"],
    ["52.217.1.1", "vpce-1"],
    ["2001:db8::5", "local"],
    ["2600::1", "eigw-1"],
  ];
  for (const [dest, want] of cases) {
    const route = routeFor(table, c(dest), prefixLists);
    equal(
      route && (route.GatewayId ?? route.NatGatewayId ?? route.VpcPeeringConnectionId ??
        route.NetworkInterfaceId ?? route.TransitGatewayId ?? route.EgressOnlyInternetGatewayId),
      want,
      dest,
    );
  }
  // Without the prefix list's CIDRs its route cannot match; the default route does.
  equal(routeFor(table, c("52.217.1.1"))?.GatewayId, "igw-1");
  // No default route: nothing matches an internet address.
  equal(routeFor({ Routes: table.Routes?.slice(0, 1) ?? [] }, c("8.8.8.8")), undefined);
  equal(routeFor(undefined, c("8.8.8.8")), undefined);
  // A wider destination than any specific route: only a route containing all of it applies.
  equal(routeFor(table, c("10.0.0.0/8"))?.GatewayId, "igw-1");
});

Deno.test("routeFor prefers the local route between equal prefixes", () => {
  const route = routeFor({
    Routes: [
      { DestinationCidrBlock: "10.0.0.0/16", NetworkInterfaceId: "eni-1" },
      { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local" },
    ],
  }, c("10.0.0.1"));
  equal(route?.GatewayId, "local");
});

Deno.test("routeKind classifies targets, a blackhole whatever its target", () => {
  const cases: [Record<string, string>, string][] = [
    [{ GatewayId: "local" }, "local"],
    [{ GatewayId: "igw-1" }, "igw"],
    [{ EgressOnlyInternetGatewayId: "eigw-1" }, "eigw"],
    [{ NatGatewayId: "nat-1" }, "nat"],
    [{ VpcPeeringConnectionId: "pcx-1" }, "pcx"],
    [{ GatewayId: "vpce-1" }, "vpce"],
    [{ TransitGatewayId: "tgw-1" }, "tgw"],
    [{ GatewayId: "vgw-1" }, "vgw"],
    [{ NetworkInterfaceId: "eni-1" }, "other"],
    [{ NatGatewayId: "nat-1", State: "blackhole" }, "blackhole"],
  ];
  for (const [route, want] of cases) equal(routeKind(route), want, JSON.stringify(route));
  equal(routeDestination({ DestinationCidrBlock: "0.0.0.0/0" }), "0.0.0.0/0");
  equal(routeDestination({ DestinationIpv6CidrBlock: "::/0" }), "::/0");
  equal(routeDestination({ DestinationPrefixListId: "pl-1" }), "pl-1");
});

const perm = (p: IpPermission): IpPermission => p;
const group = (
  id: string,
  name: string,
  egress: IpPermission[],
  ingress: IpPermission[] = [],
): SecurityGroup => ({
  GroupId: id,
  GroupName: name,
  IpPermissionsEgress: egress,
  IpPermissions: ingress,
});
const allOut = perm({ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] });
const https = perm({
  IpProtocol: "tcp",
  FromPort: 443,
  ToPort: 443,
  IpRanges: [{ CidrIp: "0.0.0.0/0" }],
});
const peerOf = (cidr: string, extra: Partial<Peer> = {}): Peer => ({
  cidrs: [c(cidr)],
  label: c(cidr).text,
  ...extra,
});

Deno.test("evaluateSecurityGroups matches protocol, ports and peer; groups are a union", () => {
  const tcp443 = forwardFlow("tcp", 443);
  const cases: [string, SecurityGroup[], Flow, Peer, boolean][] = [
    ["all traffic out", [group("sg-1", "a", [allOut])], tcp443, peerOf("8.8.8.8"), true],
    ["https rule", [group("sg-1", "a", [https])], tcp443, peerOf("8.8.8.8"), true],
    [
      "https rule, port 80",
      [group("sg-1", "a", [https])],
      forwardFlow("tcp", 80),
      peerOf("1.1.1.1"),
      false,
    ],
    [
      "https rule, udp",
      [group("sg-1", "a", [https])],
      forwardFlow("udp", 443),
      peerOf("1.1.1.1"),
      false,
    ],
    ["no rules", [group("sg-1", "a", [])], tcp443, peerOf("8.8.8.8"), false],
    ["no groups", [], tcp443, peerOf("8.8.8.8"), false],
    [
      "range rule",
      [group("sg-1", "a", [
        perm({
          IpProtocol: "6",
          FromPort: 1000,
          ToPort: 2000,
          IpRanges: [{ CidrIp: "10.0.0.0/8" }],
        }),
      ])],
      forwardFlow("tcp", 1500),
      peerOf("10.3.4.5"),
      true,
    ],
    [
      "rule CIDR narrower than the destination",
      [group("sg-1", "a", [perm({ ...https, IpRanges: [{ CidrIp: "10.0.0.0/8" }] })])],
      tcp443,
      peerOf("0.0.0.0/0"),
      false,
    ],
    [
      "union across groups",
      [group("sg-1", "a", []), group("sg-2", "b", [https])],
      tcp443,
      peerOf("8.8.8.8"),
      true,
    ],
    [
      "all traffic needs a rule for every protocol",
      [group("sg-1", "a", [perm({ ...https, FromPort: 0, ToPort: 65535 })])],
      forwardFlow("all", undefined),
      peerOf("8.8.8.8"),
      false,
    ],
    [
      "all traffic, -1 rule",
      [group("sg-1", "a", [allOut])],
      forwardFlow("all", undefined),
      peerOf("8.8.8.8"),
      true,
    ],
    [
      "icmp all types",
      [group("sg-1", "a", [
        perm({ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }),
      ])],
      forwardFlow("icmp", undefined),
      peerOf("8.8.8.8"),
      true,
    ],
    [
      "icmp echo request",
      [group("sg-1", "a", [
        perm({ IpProtocol: "1", FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }),
      ])],
      forwardFlow("icmp", undefined),
      peerOf("8.8.8.8"),
      true,
    ],
    [
      "icmp other type",
      [group("sg-1", "a", [
        perm({ IpProtocol: "icmp", FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }),
      ])],
      forwardFlow("icmp", undefined),
      peerOf("8.8.8.8"),
      false,
    ],
    [
      "icmp rule does not serve IPv6",
      [group("sg-1", "a", [
        perm({ IpProtocol: "icmp", FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: "::/0" }] }),
      ])],
      forwardFlow("icmp", undefined),
      peerOf("2001:db8::1"),
      false,
    ],
    [
      "icmpv6 rule for IPv6",
      [group("sg-1", "a", [
        perm({
          IpProtocol: "icmpv6",
          FromPort: -1,
          ToPort: -1,
          Ipv6Ranges: [{ CidrIpv6: "::/0" }],
        }),
      ])],
      forwardFlow("icmp", undefined),
      peerOf("2001:db8::1"),
      true,
    ],
    [
      "IPv6 range",
      [group("sg-1", "a", [perm({ IpProtocol: "-1", Ipv6Ranges: [{ CidrIpv6: "::/0" }] })])],
      tcp443,
      peerOf("2001:db8::1"),
      true,
    ],
    [
      "IPv4 range does not serve IPv6",
      [group("sg-1", "a", [allOut])],
      tcp443,
      peerOf("2001:db8::1"),
      false,
    ],
    [
      "group reference, peer has the group",
      [group("sg-1", "a", [perm({ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-db" }] })])],
      tcp443,
      peerOf("10.0.2.5", { groupIds: ["sg-db"] }),
      true,
    ],
    [
      "group reference, peer lacks the group",
      [group("sg-1", "a", [perm({ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-db" }] })])],
      tcp443,
      peerOf("10.0.2.5", { groupIds: ["sg-web"] }),
      false,
    ],
    [
      "group reference over a public path (no peer groups)",
      [group("sg-1", "a", [perm({ IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-db" }] })])],
      tcp443,
      peerOf("3.3.3.3"),
      false,
    ],
    [
      "prefix list of the destination service",
      [group("sg-1", "a", [
        perm({ ...https, IpRanges: [], PrefixListIds: [{ PrefixListId: "pl-s3" }] }),
      ])],
      tcp443,
      { cidrs: [c("52.216.0.0/15"), c("3.5.0.0/19")], prefixListId: "pl-s3", label: "s3" },
      true,
    ],
  ];
  for (const [name, groups, flow, peer, want] of cases) {
    equal(evaluateSecurityGroups(groups, true, flow, peer).allowed, want, name);
  }
});

Deno.test("evaluateSecurityGroups covers several destination CIDRs across rules and prefix lists", () => {
  const groups = [group("sg-1", "a", [
    perm({ ...https, IpRanges: [{ CidrIp: "52.216.0.0/15" }] }),
    perm({ ...https, IpRanges: [], PrefixListIds: [{ PrefixListId: "pl-mine" }] }),
  ])];
  const peer = { cidrs: [c("52.216.0.0/15"), c("3.5.0.0/19")], label: "s3" };
  const flow = forwardFlow("tcp", 443);
  const unresolved = evaluateSecurityGroups(groups, true, flow, peer);
  deepEqual([unresolved.allowed, unresolved.unresolved], [false, ["pl-mine"]]);
  const resolved = evaluateSecurityGroups(
    groups,
    true,
    flow,
    peer,
    new Map([["pl-mine", [c("3.5.0.0/16")]]]),
  );
  deepEqual([resolved.allowed, resolved.unresolved], [true, []]);
  deepEqual(resolved.matches.map((m) => m.via), ["52.216.0.0/15", "pl-mine"]);
  // A prefix list that does not hold the address leaves it uncovered.
  const elsewhere = evaluateSecurityGroups(
    groups,
    true,
    flow,
    peer,
    new Map([["pl-mine", [c("9.9.9.0/24")]]]),
  );
  deepEqual([elsewhere.allowed, elsewhere.unresolved], [false, []]);
});

Deno.test("evaluateSecurityGroups reads ingress rules for ingress", () => {
  const db = group("sg-db", "db", [], [
    perm({
      IpProtocol: "tcp",
      FromPort: 5432,
      ToPort: 5432,
      UserIdGroupPairs: [{ GroupId: "sg-app" }],
    }),
  ]);
  const from = peerOf("10.0.1.5", { groupIds: ["sg-app"] });
  equal(evaluateSecurityGroups([db], false, forwardFlow("tcp", 5432), from).allowed, true);
  equal(evaluateSecurityGroups([db], true, forwardFlow("tcp", 5432), from).allowed, false);
});

Deno.test("sgDetail names the allowing rule, or every group that allows nothing", () => {
  const web = group("sg-1", "web", [https, allOut]);
  const flow = forwardFlow("tcp", 443);
  const peer = peerOf("8.8.8.8");
  const verdict = evaluateSecurityGroups([web], true, flow, peer);
  equal(
    sgDetail([web], true, flow, peer, verdict),
    "sg-1 (web) allows tcp 443 to 0.0.0.0/0",
  );
  const closed = [group("sg-1", "web", []), { GroupId: "sg-2", IpPermissionsEgress: [] }];
  equal(
    sgDetail(closed, true, flow, peer, evaluateSecurityGroups(closed, true, flow, peer)),
    "no egress rule of sg-1 (web), sg-2 allows tcp 443 to 8.8.8.8/32",
  );
  const db = group("sg-db", "db", [], [
    perm({
      IpProtocol: "tcp",
      FromPort: 5000,
      ToPort: 6000,
      UserIdGroupPairs: [{ GroupId: "sg-app" }],
    }),
  ]);
  const from = peerOf("10.0.1.5", { groupIds: ["sg-app"], label: "i-1 (10.0.1.5/32)" });
  const pg = forwardFlow("tcp", 5432);
  equal(
    sgDetail([db], false, pg, from, evaluateSecurityGroups([db], false, pg, from)),
    "sg-db (db) allows tcp 5000-6000 from sg-app",
  );
  const all = forwardFlow("all", undefined);
  equal(
    sgDetail([db], false, all, from, evaluateSecurityGroups([db], false, all, from)),
    "no ingress rule of sg-db (db) allows all traffic from i-1 (10.0.1.5/32)",
  );
  equal(
    sgDetail([], true, flow, peer, { allowed: false, matches: [], unresolved: [] }),
    "no egress rule of (no security groups) allows tcp 443 to 8.8.8.8/32",
  );
  equal(
    sgDetail(
      [web],
      true,
      flow,
      peer,
      evaluateSecurityGroups([group("sg-1", "web", [allOut])], true, flow, peer),
    ),
    "sg-1 (web) allows all traffic to 0.0.0.0/0",
  );
});

const entry = (e: NetworkAclEntry): NetworkAclEntry => e;
const acl = (id: string, entries: NetworkAclEntry[]): NetworkAcl => ({
  NetworkAclId: id,
  Entries: entries,
});
const defaults = (egress: boolean) => [
  entry({
    RuleNumber: 100,
    Protocol: "-1",
    RuleAction: "allow",
    Egress: egress,
    CidrBlock: "0.0.0.0/0",
  }),
  entry({
    RuleNumber: 32767,
    Protocol: "-1",
    RuleAction: "deny",
    Egress: egress,
    CidrBlock: "0.0.0.0/0",
  }),
];
const star = (egress: boolean) =>
  entry({
    RuleNumber: 32767,
    Protocol: "-1",
    RuleAction: "deny",
    Egress: egress,
    CidrBlock: "0.0.0.0/0",
  });
const tcpRule = (
  n: number,
  action: "allow" | "deny",
  egress: boolean,
  from: number,
  to: number,
  cidr = "0.0.0.0/0",
) =>
  entry({
    RuleNumber: n,
    Protocol: "6",
    RuleAction: action,
    Egress: egress,
    CidrBlock: cidr,
    PortRange: { From: from, To: to },
  });

Deno.test("evaluateNacl takes the lowest-numbered matching rule, whatever the array order", () => {
  type Case = [string, NetworkAcl, boolean, Flow, Cidr, boolean, number[]];
  const ssh = forwardFlow("tcp", 22);
  const cases: Case[] = [
    [
      "default ACL out",
      acl("acl-1", [...defaults(true), ...defaults(false)]),
      true,
      ssh,
      c("8.8.8.8"),
      true,
      [100],
    ],
    [
      "default ACL in",
      acl("acl-1", [...defaults(true), ...defaults(false)]),
      false,
      ssh,
      c("8.8.8.8"),
      true,
      [100],
    ],
    [
      "deny 90 before allow 100",
      acl("acl-1", [...defaults(false), tcpRule(90, "deny", false, 22, 22)]),
      false,
      ssh,
      c("1.2.3.4"),
      false,
      [90],
    ],
    [
      "deny 90 is for another port",
      acl("acl-1", [...defaults(false), tcpRule(90, "deny", false, 22, 22)]),
      false,
      forwardFlow("tcp", 443),
      c("1.2.3.4"),
      true,
      [100],
    ],
    [
      "deny 90 is for another CIDR",
      acl("acl-1", [...defaults(false), tcpRule(90, "deny", false, 22, 22, "5.5.5.0/24")]),
      false,
      ssh,
      c("1.2.3.4"),
      true,
      [100],
    ],
    [
      "deny 110 after allow 100",
      acl("acl-1", [tcpRule(110, "deny", true, 22, 22), ...defaults(true)]),
      true,
      ssh,
      c("1.2.3.4"),
      true,
      [100],
    ],
    [
      "udp rule does not serve tcp",
      acl("acl-1", [
        entry({ ...tcpRule(100, "allow", true, 0, 65535), Protocol: "17" }),
        star(true),
      ]),
      true,
      ssh,
      c("1.2.3.4"),
      false,
      [32767],
    ],
    [
      "direction is respected",
      acl("acl-1", [tcpRule(100, "allow", false, 0, 65535), star(true), star(false)]),
      true,
      ssh,
      c("1.2.3.4"),
      false,
      [32767],
    ],
    [
      "protocol named tcp",
      acl("acl-1", [
        entry({ ...tcpRule(100, "allow", true, 22, 22), Protocol: "tcp" }),
        star(true),
      ]),
      true,
      ssh,
      c("1.2.3.4"),
      true,
      [100],
    ],
    [
      "no catch-all rule at all",
      acl("acl-1", []),
      true,
      ssh,
      c("1.2.3.4"),
      false,
      [],
    ],
    [
      "IPv6 entries for IPv6 peers",
      acl("acl-1", [
        entry({
          RuleNumber: 101,
          Protocol: "-1",
          RuleAction: "allow",
          Egress: true,
          Ipv6CidrBlock: "::/0",
        }),
        star(true),
      ]),
      true,
      ssh,
      c("2001:db8::1"),
      true,
      [101],
    ],
    [
      "IPv4 entries do not serve IPv6",
      acl("acl-1", defaults(true)),
      true,
      ssh,
      c("2001:db8::1"),
      false,
      [],
    ],
    [
      "a rule whose CIDR only overlaps the destination does not apply",
      acl("acl-1", [tcpRule(50, "deny", true, 0, 65535, "8.8.8.0/24"), ...defaults(true)]),
      true,
      ssh,
      c("0.0.0.0/0"),
      true,
      [100],
    ],
  ];
  for (const [name, a, egress, flow, peer, allowed, rules] of cases) {
    const v = evaluateNacl(a, egress, flow, peer);
    deepEqual([v.allowed, v.rules.map((r) => r.RuleNumber)], [allowed, rules], name);
  }
});

Deno.test("evaluateNacl checks return traffic on every ephemeral port", () => {
  const back = returnFlow("tcp");
  const split = acl("acl-1", [
    tcpRule(100, "allow", false, 1024, 32767),
    tcpRule(110, "allow", false, 32768, 65535),
    star(false),
  ]);
  deepEqual(evaluateNacl(split, false, back, c("8.8.8.8")).rules.map((r) => r.RuleNumber), [
    100,
    110,
  ]);
  const linuxOnly = acl("acl-1", [tcpRule(100, "allow", false, 32768, 65535), star(false)]);
  const v = evaluateNacl(linuxOnly, false, back, c("8.8.8.8"));
  deepEqual([v.allowed, v.rules.map((r) => r.RuleNumber), v.denied], [false, [32767], [
    1024,
    32767,
  ]]);
  equal(
    naclDetail(linuxOnly, false, back, c("8.8.8.8"), v),
    "acl-1 rule * denies all traffic from 0.0.0.0/0 (ports 1024-32767 of tcp 1024-65535)",
  );
  const holes = acl("acl-1", [
    tcpRule(90, "deny", false, 3000, 3001),
    tcpRule(100, "allow", false, 0, 65535),
    star(false),
  ]);
  const h = evaluateNacl(holes, false, back, c("8.8.8.8"));
  deepEqual([h.allowed, h.rules.map((r) => r.RuleNumber), h.denied], [false, [90], [3000, 3001]]);
  // An allow covering part of the range, then a deny on the rest.
  const partial = acl("acl-1", [
    tcpRule(100, "allow", false, 1024, 5000),
    tcpRule(120, "deny", false, 4000, 9000),
    tcpRule(130, "allow", false, 0, 65535),
    star(false),
  ]);
  const p = evaluateNacl(partial, false, back, c("8.8.8.8"));
  deepEqual([p.allowed, p.rules.map((r) => r.RuleNumber), p.denied], [false, [120], [5001, 9000]]);
});

Deno.test("evaluateNacl treats all traffic strictly and icmp by type", () => {
  const all = forwardFlow("all", undefined);
  const sshDeny = acl("acl-1", [tcpRule(90, "deny", true, 22, 22), ...defaults(true)]);
  deepEqual(evaluateNacl(sshDeny, true, all, c("8.8.8.8")).rules.map((r) => r.RuleNumber), [90]);
  const tcpOnly = acl("acl-1", [tcpRule(100, "allow", true, 0, 65535), star(true)]);
  const t = evaluateNacl(tcpOnly, true, all, c("8.8.8.8"));
  deepEqual([t.allowed, t.rules.map((r) => r.RuleNumber)], [false, [32767]]);
  equal(evaluateNacl(acl("acl-1", defaults(true)), true, all, c("8.8.8.8")).allowed, true);

  const ping = forwardFlow("icmp", undefined);
  const icmpRule = (type: number | undefined) =>
    entry({
      RuleNumber: 100,
      Protocol: "1",
      RuleAction: "allow",
      Egress: true,
      CidrBlock: "0.0.0.0/0",
      ...(type === undefined ? {} : { IcmpTypeCode: { Type: type, Code: -1 } }),
    });
  const cases: [number | undefined, boolean][] = [[undefined, true], [-1, true], [8, true], [
    0,
    false,
  ]];
  for (const [type, want] of cases) {
    equal(
      evaluateNacl(acl("a", [icmpRule(type), star(true)]), true, ping, c("8.8.8.8")).allowed,
      want,
      `type ${type}`,
    );
  }
  equal(
    evaluateNacl(acl("a", [icmpRule(0), star(true)]), true, returnFlow("icmp"), c("8.8.8.8"))
      .allowed,
    true,
  );
  equal(
    evaluateNacl(
      acl("a", [tcpRule(100, "allow", true, 0, 65535), star(true)]),
      true,
      ping,
      c("8.8.8.8"),
    ).allowed,
    false,
  );
});

Deno.test("naclDetail reads like the console: rule number, action, protocol, ports, peer", () => {
  const flow = forwardFlow("tcp", 22);
  const a = acl("acl-1", [tcpRule(90, "deny", false, 22, 22), ...defaults(false)]);
  const peer = c("1.2.3.4");
  equal(
    naclDetail(a, false, flow, peer, evaluateNacl(a, false, flow, peer)),
    "acl-1 rule 90 denies tcp 22 from 0.0.0.0/0",
  );
  const out = acl("acl-2", defaults(true));
  equal(
    naclDetail(out, true, flow, peer, evaluateNacl(out, true, flow, peer)),
    "acl-2 rule 100 allows all traffic to 0.0.0.0/0",
  );
  const closed = acl("acl-3", [star(true)]);
  equal(
    naclDetail(closed, true, flow, peer, evaluateNacl(closed, true, flow, peer)),
    "acl-3 rule * denies all traffic to 0.0.0.0/0",
  );
  const empty = acl("acl-4", []);
  equal(
    naclDetail(empty, true, flow, peer, evaluateNacl(empty, true, flow, peer)),
    "acl-4 has no rule allowing tcp 22 to 1.2.3.4/32",
  );
  const wide = acl("acl-5", [tcpRule(100, "allow", true, 0, 65535, "10.0.0.0/8"), star(true)]);
  const inside = c("10.1.1.1");
  equal(
    naclDetail(wide, true, flow, inside, evaluateNacl(wide, true, flow, inside)),
    "acl-5 rule 100 allows tcp all ports to 10.0.0.0/8",
  );
  const ping = acl("acl-6", [
    entry({
      RuleNumber: 7,
      Protocol: "1",
      RuleAction: "deny",
      Egress: true,
      CidrBlock: "0.0.0.0/0",
      IcmpTypeCode: { Type: 8, Code: -1 },
    }),
    star(true),
  ]);
  const echo = forwardFlow("icmp", undefined);
  equal(
    naclDetail(ping, true, echo, peer, evaluateNacl(ping, true, echo, peer)),
    "acl-6 rule 7 denies icmp type 8 to 0.0.0.0/0",
  );
});
