import type { NetworkAclEntry } from "@aws-sdk/client-ec2";
import { deepEqual, equal } from "node:assert/strict";
import { orderedNaclEntries, renderNaclEntry, renderNaclRules, renderRoute } from "./_render.ts";

Deno.test("renderRoute writes destination → target for every kind of target", () => {
  equal(
    renderRoute({ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" }),
    "10.0.0.0/16 → local",
  );
  equal(
    renderRoute({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0123456789abcdef0" }),
    "0.0.0.0/0 → igw-0123456789abcdef0",
  );
  equal(
    renderRoute({
      DestinationIpv6CidrBlock: "::/0",
      EgressOnlyInternetGatewayId: "eigw-0123456789abcdef0",
    }),
    "::/0 → eigw-0123456789abcdef0",
  );
  equal(
    renderRoute({ DestinationPrefixListId: "pl-6da54004", GatewayId: "vpce-0123456789abcdef0" }),
    "pl-6da54004 → vpce-0123456789abcdef0",
  );
  equal(
    renderRoute({
      DestinationCidrBlock: "192.168.0.0/16",
      VpcPeeringConnectionId: "pcx-0123456789abcdef0",
    }),
    "192.168.0.0/16 → pcx-0123456789abcdef0",
  );
});

Deno.test("renderRoute marks blackholes and propagated routes", () => {
  equal(
    renderRoute({
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: "nat-0123456789abcdef0",
      State: "blackhole",
    }),
    "0.0.0.0/0 → nat-0123456789abcdef0 (blackhole)",
  );
  equal(
    renderRoute({
      DestinationCidrBlock: "172.16.0.0/12",
      GatewayId: "vgw-0123456789abcdef0",
      Origin: "EnableVgwRoutePropagation",
      State: "active",
    }),
    "172.16.0.0/12 → vgw-0123456789abcdef0 (propagated)",
  );
  equal(renderRoute({}), "? → ?");
});

Deno.test("renderNaclEntry names protocols, ports, ICMP types and the * rule", () => {
  const cases: [NetworkAclEntry, string][] = [
    [{
      RuleNumber: 100,
      RuleAction: "allow",
      Protocol: "6",
      Egress: false,
      CidrBlock: "0.0.0.0/0",
      PortRange: { From: 22, To: 22 },
    }, "100 allow tcp 22 from 0.0.0.0/0"],
    [{
      RuleNumber: 110,
      RuleAction: "allow",
      Protocol: "17",
      Egress: true,
      CidrBlock: "10.0.0.0/8",
      PortRange: { From: 1024, To: 65535 },
    }, "110 allow udp 1024-65535 to 10.0.0.0/8"],
    [{
      RuleNumber: 120,
      RuleAction: "deny",
      Protocol: "1",
      Egress: false,
      CidrBlock: "0.0.0.0/0",
      IcmpTypeCode: { Type: 8, Code: -1 },
    }, "120 deny icmp type 8 from 0.0.0.0/0"],
    [{
      RuleNumber: 130,
      RuleAction: "allow",
      Protocol: "1",
      Egress: false,
      CidrBlock: "0.0.0.0/0",
      IcmpTypeCode: { Type: 3, Code: 4 },
    }, "130 allow icmp type 3 code 4 from 0.0.0.0/0"],
    [{
      RuleNumber: 140,
      RuleAction: "allow",
      Protocol: "58",
      Egress: false,
      Ipv6CidrBlock: "::/0",
      IcmpTypeCode: { Type: -1, Code: -1 },
    }, "140 allow icmpv6 from ::/0"],
    [{
      RuleNumber: 150,
      RuleAction: "allow",
      Protocol: "47",
      Egress: true,
      CidrBlock: "203.0.113.0/24",
    }, "150 allow proto 47 to 203.0.113.0/24"],
    [{
      RuleNumber: 32767,
      RuleAction: "deny",
      Protocol: "-1",
      Egress: true,
      Ipv6CidrBlock: "::/0",
    }, "* deny all to ::/0"],
  ];
  for (const [entry, expected] of cases) equal(renderNaclEntry(entry), expected);
});

Deno.test("NACL rules come out per direction in evaluation order, * last", () => {
  const entries: NetworkAclEntry[] = [
    {
      RuleNumber: 32767,
      RuleAction: "deny",
      Protocol: "-1",
      Egress: false,
      CidrBlock: "0.0.0.0/0",
    },
    {
      RuleNumber: 200,
      RuleAction: "allow",
      Protocol: "6",
      Egress: false,
      CidrBlock: "0.0.0.0/0",
      PortRange: { From: 443, To: 443 },
    },
    { RuleNumber: 90, RuleAction: "deny", Protocol: "-1", Egress: false, CidrBlock: "1.2.3.4/32" },
    { RuleNumber: 100, RuleAction: "allow", Protocol: "-1", Egress: true, CidrBlock: "0.0.0.0/0" },
    { RuleNumber: 32767, RuleAction: "deny", Protocol: "-1", Egress: true, CidrBlock: "0.0.0.0/0" },
  ];
  deepEqual(orderedNaclEntries(entries, "inbound").map((e) => e.RuleNumber), [90, 200, 32767]);
  deepEqual(renderNaclRules(entries), {
    inbound: [
      "90 deny all from 1.2.3.4/32",
      "200 allow tcp 443 from 0.0.0.0/0",
      "* deny all from 0.0.0.0/0",
    ],
    outbound: ["100 allow all to 0.0.0.0/0", "* deny all to 0.0.0.0/0"],
  });
  deepEqual(renderNaclRules(undefined), { inbound: [], outbound: [] });
});
