import type {
  Instance,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  RouteTable,
  SecurityGroup,
  Subnet,
  VpcEndpoint,
  VpcPeeringConnection,
} from "@aws-sdk/client-ec2";
import { deepEqual, equal, match } from "node:assert/strict";
import { call, connect, stubAws, text } from "../../tests/_helpers.ts";
import { explainReachability } from "./explain_reachability.ts";

// A small hand-built account answering the describe calls the tool makes, filters included.
interface World {
  instances: Instance[];
  subnets: Subnet[];
  tables: RouteTable[];
  acls: NetworkAcl[];
  groups: SecurityGroup[];
  nats?: NatGateway[];
  peerings?: VpcPeeringConnection[];
  endpoints?: VpcEndpoint[];
  enis?: NetworkInterface[];
  prefixLists?: Record<string, { name?: string; cidrs?: string[] }>;
}

type Filters = { Filters?: { Name: string; Values: string[] }[] };
const filter = (input: Filters, name: string) =>
  input.Filters?.find((f) => f.Name === name)?.Values;

function ec2Stub(w: World) {
  return {
    describeInstances: ({ InstanceIds }: { InstanceIds: string[] }) => {
      const found = w.instances.filter((i) => InstanceIds.includes(i.InstanceId ?? ""));
      if (found.length < InstanceIds.length) {
        const missing = InstanceIds.find((id) => !found.some((i) => i.InstanceId === id));
        throw Object.assign(new Error(`The instance ID '${missing}' does not exist`), {
          name: "InvalidInstanceID.NotFound",
        });
      }
      return { Reservations: [{ Instances: found }] };
    },
    describeRouteTables: (input: Filters) => {
      const subnet = filter(input, "association.subnet-id")?.[0];
      const vpc = filter(input, "vpc-id")?.[0];
      return {
        RouteTables: w.tables.filter((t) =>
          subnet
            ? t.Associations?.some((a) => a.SubnetId === subnet)
            : t.VpcId === vpc && t.Associations?.some((a) => a.Main)
        ),
      };
    },
    describeNetworkAcls: (input: Filters) => {
      const subnet = filter(input, "association.subnet-id")?.[0];
      return {
        NetworkAcls: w.acls.filter((a) => a.Associations?.some((s) => s.SubnetId === subnet)),
      };
    },
    describeSecurityGroups: ({ GroupIds }: { GroupIds: string[] }) => ({
      SecurityGroups: w.groups.filter((g) => GroupIds.includes(g.GroupId ?? "")),
    }),
    describeSubnets: (input: Filters) => ({
      Subnets: w.subnets.filter((s) => s.VpcId === filter(input, "vpc-id")?.[0]),
    }),
    describeNatGateways: ({ NatGatewayIds }: { NatGatewayIds: string[] }) => ({
      NatGateways: (w.nats ?? []).filter((n) => NatGatewayIds.includes(n.NatGatewayId ?? "")),
    }),
    describeVpcPeeringConnections: (
      { VpcPeeringConnectionIds }: { VpcPeeringConnectionIds: string[] },
    ) => ({
      VpcPeeringConnections: (w.peerings ?? []).filter((p) =>
        VpcPeeringConnectionIds.includes(p.VpcPeeringConnectionId ?? "")
      ),
    }),
    describeVpcEndpoints: (input: Filters) => ({
      VpcEndpoints: (w.endpoints ?? []).filter((e) =>
        e.VpcId === filter(input, "vpc-id")?.[0] &&
        e.ServiceName === filter(input, "service-name")?.[0]
      ),
    }),
    describeNetworkInterfaces: ({ NetworkInterfaceIds }: { NetworkInterfaceIds: string[] }) => ({
      NetworkInterfaces: (w.enis ?? []).filter((n) =>
        NetworkInterfaceIds.includes(n.NetworkInterfaceId ?? "")
      ),
    }),
    describePrefixLists: (input: Filters) => {
      const name = filter(input, "prefix-list-name")?.[0];
      const id = Object.entries(w.prefixLists ?? {}).find(([, p]) => p.name === name)?.[0];
      return { PrefixLists: id ? [{ PrefixListId: id, PrefixListName: name }] : [] };
    },
    getManagedPrefixListEntries: ({ PrefixListId }: { PrefixListId: string }) => {
      const cidrs = w.prefixLists?.[PrefixListId]?.cidrs;
      if (!cidrs) {
        throw Object.assign(new Error("not allowed"), { name: "UnauthorizedOperation" });
      }
      return { Entries: cidrs.map((Cidr) => ({ Cidr })) };
    },
  };
}

// The base account: VPC A (10.0.0.0/16) with a public and a private subnet, an internet
// gateway and a NAT gateway; every ACL the AWS default one.
const VPC = "vpc-00000000000000aaa";
const PUB = "subnet-0000000000000pub";
const PRIV = "subnet-000000000000priv";
const WEB = "i-0000000000000000a";
const WORKER = "i-0000000000000000b";
const OTHER = "i-0000000000000000c";
const all = (egress: boolean) =>
  [
    {
      RuleNumber: 100,
      Protocol: "-1",
      RuleAction: "allow",
      Egress: egress,
      CidrBlock: "0.0.0.0/0",
    },
    {
      RuleNumber: 32767,
      Protocol: "-1",
      RuleAction: "deny",
      Egress: egress,
      CidrBlock: "0.0.0.0/0",
    },
  ] as const;
const defaultAcl = (id: string, subnets: string[]): NetworkAcl => ({
  NetworkAclId: id,
  Entries: [...all(true), ...all(false)],
  Associations: subnets.map((SubnetId) => ({ SubnetId })),
});
const local = { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" } as const;
const openGroup: SecurityGroup = {
  GroupId: "sg-open",
  GroupName: "open",
  IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
  IpPermissions: [{
    IpProtocol: "tcp",
    FromPort: 22,
    ToPort: 22,
    UserIdGroupPairs: [{ GroupId: "sg-open" }],
  }],
};
const instance = (
  id: string,
  subnet: string,
  ip: string,
  extra: Partial<Instance> = {},
): Instance => ({
  InstanceId: id,
  VpcId: VPC,
  SubnetId: subnet,
  PrivateIpAddress: ip,
  SecurityGroups: [{ GroupId: "sg-open", GroupName: "open" }],
  State: { Name: "running" },
  ...extra,
});

function base(): World {
  return {
    instances: [
      instance(WEB, PUB, "10.0.1.10", { PublicIpAddress: "203.0.113.10" }),
      instance(WORKER, PRIV, "10.0.2.20"),
    ],
    subnets: [
      { SubnetId: PUB, VpcId: VPC, CidrBlock: "10.0.1.0/24" },
      { SubnetId: PRIV, VpcId: VPC, CidrBlock: "10.0.2.0/24" },
    ],
    tables: [
      {
        RouteTableId: "rtb-pub",
        VpcId: VPC,
        Associations: [{ SubnetId: PUB }],
        Routes: [local, { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "active" }],
      },
      {
        RouteTableId: "rtb-main",
        VpcId: VPC,
        Associations: [{ Main: true }],
        Routes: [local, {
          DestinationCidrBlock: "0.0.0.0/0",
          NatGatewayId: "nat-1",
          State: "active",
        }],
      },
    ],
    acls: [defaultAcl("acl-default", [PUB, PRIV])],
    groups: [openGroup],
    nats: [{
      NatGatewayId: "nat-1",
      SubnetId: PUB,
      VpcId: VPC,
      State: "available",
      NatGatewayAddresses: [{ PublicIp: "198.51.100.7" }],
    }],
  };
}

async function explain(world: World, args: Record<string, unknown>) {
  const aws = stubAws({ ec2: ec2Stub(world) });
  const { client, close } = await connect({}, { aws, inventory: [explainReachability] });
  try {
    return { result: await call(client, "vpc_explain_reachability", args), calls: aws.calls };
  } finally {
    await close();
  }
}

interface Answer {
  reachable: boolean;
  verdict: string;
  destination: string;
  hops: { step: string; allowed: boolean; detail: string }[];
  blocked_at?: string;
  not_modeled: string[];
}

async function answer(world: World, args: Record<string, unknown>): Promise<Answer> {
  const { result } = await explain(world, args);
  if (result.isError) throw new Error(text(result));
  return result.structuredContent as unknown as Answer;
}

const detailOf = (a: Answer, step: string) => a.hops.find((h) => h.step === step)?.detail;

Deno.test("vpc_explain_reachability names the fields of a bad question and calls nothing", async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { source_instance_id: WEB, protocol: "tcp", port: 443 },
      /^InvalidInput: give exactly one of destination_cidr, destination_instance_id, destination_endpoint_service — /,
    ],
    [
      {
        source_instance_id: WEB,
        destination_cidr: "8.8.8.8",
        destination_instance_id: WORKER,
        protocol: "tcp",
        port: 443,
      },
      /^InvalidInput: give exactly one of .* \(got destination_cidr, destination_instance_id\)/,
    ],
    [
      { source_instance_id: WEB, destination_cidr: "8.8.8.8", protocol: "tcp" },
      /^InvalidInput: port: tcp needs a port from 0 to 65535/,
    ],
    [
      { source_instance_id: WEB, destination_cidr: "8.8.8.8", protocol: "udp", port: 70000 },
      /^InvalidInput: port: udp needs a port from 0 to 65535/,
    ],
    [
      { source_instance_id: WEB, destination_cidr: "8.8.8.8", protocol: "icmp", port: 8 },
      /^InvalidInput: port: applies to tcp and udp only, not icmp/,
    ],
    [
      { source_instance_id: WEB, destination_cidr: "8.8.8.300", protocol: "all" },
      /^InvalidInput: destination_cidr: expected an IP or CIDR/,
    ],
    [
      { source_instance_id: WEB, destination_instance_id: WEB, protocol: "all" },
      /^InvalidInput: destination_instance_id: the source and destination are the same instance/,
    ],
    [
      { source_instance_id: WEB, destination_endpoint_service: "S3!", protocol: "all" },
      /^InvalidInput: destination_endpoint_service: expected a service name/,
    ],
    [
      { source_instance_id: "i-nope", destination_cidr: "8.8.8.8", protocol: "all" },
      /^InvalidInput: source_instance_id: expected an id like i-0123456789abcdef0/,
    ],
    [
      { source_instance_id: WEB, destination_cidr: "8.8.8.8", protocol: "sctp" },
      /^InvalidInput: protocol: /,
    ],
  ];
  for (const [args, want] of cases) {
    const { result, calls } = await explain(base(), args);
    equal(result.isError, true, JSON.stringify(args));
    match(text(result), want);
    equal(calls.length, 0);
  }
});

Deno.test("vpc_explain_reachability passes on AWS's not-found for an unknown instance", async () => {
  const { result } = await explain(base(), {
    source_instance_id: WEB,
    destination_instance_id: "i-0123456789abcdef0",
    protocol: "all",
  });
  equal(result.isError, true);
  match(text(result), /^InvalidInstanceID\.NotFound: The instance ID 'i-0123456789abcdef0'/);
});

Deno.test("vpc_explain_reachability: a public instance reaches the internet, with the calls it made", async () => {
  const { result, calls } = await explain(base(), {
    source_instance_id: WEB,
    destination_cidr: "8.8.8.8",
    protocol: "tcp",
    port: 443,
    region: "eu-west-1",
  });
  const out = result.structuredContent as unknown as Answer & { account: string; region: string };
  equal(result.isError, undefined);
  equal(out.account, "123456789012");
  equal(out.region, "eu-west-1");
  equal(out.reachable, true);
  equal(out.destination, "8.8.8.8/32");
  equal(out.verdict, `reachable: ${WEB} -> 8.8.8.8/32 tcp 443`);
  deepEqual(out.hops, [
    {
      step: "source security group egress",
      allowed: true,
      detail: "sg-open (open) allows all traffic to 0.0.0.0/0",
    },
    {
      step: "source subnet NACL outbound",
      allowed: true,
      detail: "acl-default rule 100 allows all traffic to 0.0.0.0/0",
    },
    {
      step: "route table",
      allowed: true,
      detail: "rtb-pub sends 8.8.8.8/32 to igw-1 (route 0.0.0.0/0)",
    },
    {
      step: "internet gateway",
      allowed: true,
      detail: `igw-1 carries it from ${WEB}'s public 203.0.113.10/32`,
    },
    {
      step: "return path NACL",
      allowed: true,
      detail: `acl-default rule 100 allows all traffic from 0.0.0.0/0 (${PUB} inbound, return)`,
    },
  ]);
  equal(out.blocked_at, undefined);
  // Each describe call once; the route tables, ACL and groups asked together.
  deepEqual(calls.map((c) => c.method).sort(), [
    "describeInstances",
    "describeNetworkAcls",
    "describeRouteTables",
    "describeRouteTables",
    "describeSecurityGroups",
  ]);
});

Deno.test("vpc_explain_reachability: through a NAT gateway, and its failures", async () => {
  const ok = await answer(base(), {
    source_instance_id: WORKER,
    destination_cidr: "0.0.0.0/0",
    protocol: "udp",
    port: 53,
  });
  equal(ok.reachable, true, ok.verdict);
  equal(detailOf(ok, "route table"), "rtb-main sends 0.0.0.0/0 to nat-1 (route 0.0.0.0/0)");
  equal(detailOf(ok, "NAT gateway"), `nat-1 in ${PUB} translates to public 198.51.100.7`);
  equal(
    detailOf(ok, "NAT subnet route table"),
    "rtb-pub sends 0.0.0.0/0 to igw-1 (route 0.0.0.0/0)",
  );
  equal(detailOf(ok, "internet gateway"), "igw-1 carries it from nat-1's public 198.51.100.7/32");

  const pending = base();
  (pending.nats?.[0] as NatGateway).State = "pending";
  const p = await answer(pending, {
    source_instance_id: WORKER,
    destination_cidr: "8.8.8.8",
    protocol: "tcp",
    port: 443,
  });
  deepEqual([p.reachable, p.blocked_at, detailOf(p, "NAT gateway")], [
    false,
    "NAT gateway",
    "nat-1 is pending",
  ]);

  const noIgw = base();
  (noIgw.tables[0] as RouteTable).Routes = [local];
  const n = await answer(noIgw, {
    source_instance_id: WORKER,
    destination_cidr: "8.8.8.8",
    protocol: "tcp",
    port: 443,
  });
  deepEqual([n.blocked_at, detailOf(n, "NAT subnet route table")], [
    "NAT subnet route table",
    "rtb-pub has no route to 8.8.8.8/32",
  ]);

  const natAclDeny = base();
  natAclDeny.acls = [
    defaultAcl("acl-default", [PRIV]),
    {
      NetworkAclId: "acl-pub",
      Associations: [{ SubnetId: PUB }],
      Entries: [
        ...all(true),
        {
          RuleNumber: 50,
          Protocol: "6",
          RuleAction: "deny",
          Egress: false,
          CidrBlock: "10.0.2.0/24",
          PortRange: { From: 443, To: 443 },
        },
        ...all(false),
      ],
    },
  ];
  const d = await answer(natAclDeny, {
    source_instance_id: WORKER,
    destination_cidr: "8.8.8.8",
    protocol: "tcp",
    port: 443,
  });
  deepEqual([d.blocked_at, detailOf(d, "NAT subnet NACL inbound")], [
    "NAT subnet NACL inbound",
    "acl-pub rule 50 denies tcp 443 from 10.0.2.0/24",
  ]);
});

Deno.test("vpc_explain_reachability: an igw route without a public IP, a blackhole, a transit gateway", async () => {
  const noIp = base();
  (noIp.instances[0] as Instance).PublicIpAddress = undefined;
  const a = await answer(noIp, {
    source_instance_id: WEB,
    destination_cidr: "8.8.8.8",
    protocol: "icmp",
  });
  deepEqual([a.reachable, a.blocked_at, detailOf(a, "internet gateway")], [
    false,
    "internet gateway",
    `${WEB} has no public IPv4 address or Elastic IP, so igw-1 cannot carry its traffic`,
  ]);

  const hole = base();
  (hole.tables[1] as RouteTable).Routes = [local, {
    DestinationCidrBlock: "0.0.0.0/0",
    NatGatewayId: "nat-gone",
    State: "blackhole",
  }];
  const b = await answer(hole, {
    source_instance_id: WORKER,
    destination_cidr: "8.8.8.8",
    protocol: "all",
  });
  deepEqual([b.blocked_at, detailOf(b, "route table")], [
    "route table",
    "rtb-main route 0.0.0.0/0 to nat-gone is a blackhole (its target is gone)",
  ]);

  const tgw = base();
  (tgw.tables[1] as RouteTable).Routes = [local, {
    DestinationCidrBlock: "172.16.0.0/12",
    TransitGatewayId: "tgw-1",
    State: "active",
  }];
  const c = await answer(tgw, {
    source_instance_id: WORKER,
    destination_cidr: "172.20.0.0/16",
    protocol: "tcp",
    port: 5432,
  });
  equal(c.reachable, false);
  equal(c.blocked_at, "route target");
  equal(
    c.verdict,
    "not determined at route target: tgw-1: Transit Gateway is not modeled; reachability beyond it is unknown",
  );
});

Deno.test("vpc_explain_reachability: a CIDR inside the VPC lands in its subnet, same subnet skips NACLs", async () => {
  const inside = await answer(base(), {
    source_instance_id: WEB,
    destination_cidr: "10.0.2.50",
    protocol: "tcp",
    port: 22,
  });
  equal(inside.reachable, true, inside.verdict);
  equal(detailOf(inside, "route table"), "rtb-pub sends 10.0.2.50/32 to local (route 10.0.0.0/16)");
  equal(
    detailOf(inside, "destination NACL inbound"),
    "acl-default rule 100 allows all traffic from 0.0.0.0/0",
  );
  match(
    inside.not_modeled.join("; "),
    /destination security group \(no instance named at 10\.0\.2\.50\/32\)/,
  );

  const world = base();
  world.instances.push(instance(OTHER, PUB, "10.0.1.11", {
    SecurityGroups: [{ GroupId: "sg-open", GroupName: "open" }],
  }));
  const same = await answer(world, {
    source_instance_id: WEB,
    destination_instance_id: OTHER,
    protocol: "tcp",
    port: 22,
  });
  equal(same.reachable, true, same.verdict);
  deepEqual(same.hops.map((h) => [h.step, h.detail]), [
    ["source security group egress", "sg-open (open) allows all traffic to 0.0.0.0/0"],
    ["source subnet NACL outbound", `same subnet ${PUB}: no NACL crossed`],
    ["route table", "rtb-pub sends 10.0.1.11/32 to local (route 10.0.0.0/16)"],
    ["destination NACL inbound", `same subnet ${PUB}: no NACL crossed`],
    ["destination security group ingress", "sg-open (open) allows tcp 22 from sg-open"],
  ]);
});

Deno.test("vpc_explain_reachability: peering must be active and lead to the destination", async () => {
  const world = base();
  world.instances.push(instance(OTHER, "subnet-00000000000peer", "10.9.1.5", {
    VpcId: "vpc-00000000000000bbb",
    SecurityGroups: [{ GroupId: "sg-peer" }],
  }));
  world.subnets.push({
    SubnetId: "subnet-00000000000peer",
    VpcId: "vpc-00000000000000bbb",
    CidrBlock: "10.9.1.0/24",
  });
  world.tables.push({
    RouteTableId: "rtb-peer",
    VpcId: "vpc-00000000000000bbb",
    Associations: [{ Main: true }],
    Routes: [{ DestinationCidrBlock: "10.0.1.0/24", VpcPeeringConnectionId: "pcx-1" }],
  });
  (world.tables[0] as RouteTable).Routes?.push({
    DestinationCidrBlock: "10.9.0.0/16",
    VpcPeeringConnectionId: "pcx-1",
    State: "active",
  });
  world.acls.push(defaultAcl("acl-peer", ["subnet-00000000000peer"]));
  world.groups.push({
    GroupId: "sg-peer",
    IpPermissions: [{
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      UserIdGroupPairs: [{ GroupId: "sg-open" }],
    }],
  });
  const pcx: VpcPeeringConnection = {
    VpcPeeringConnectionId: "pcx-1",
    Status: { Code: "pending-acceptance" },
    RequesterVpcInfo: { VpcId: VPC, CidrBlock: "10.0.0.0/16" },
    AccepterVpcInfo: { VpcId: "vpc-00000000000000bbb", CidrBlock: "10.9.0.0/16" },
  };
  world.peerings = [pcx];
  const args = {
    source_instance_id: WEB,
    destination_instance_id: OTHER,
    protocol: "tcp",
    port: 443,
  };
  const pending = await answer(world, args);
  deepEqual([pending.blocked_at, detailOf(pending, "peering")], [
    "peering",
    "pcx-1 is pending-acceptance, not active",
  ]);
  pcx.Status = { Code: "active" };
  const { result, calls } = await explain(world, args);
  const ok = result.structuredContent as unknown as Answer;
  equal(ok.reachable, true, ok.verdict);
  // Both instances' groups in the one prefetching call.
  deepEqual(calls.filter((c) => c.method === "describeSecurityGroups").map((c) => c.input), [
    { GroupIds: ["sg-open", "sg-peer"] },
  ]);
  equal(
    detailOf(ok, "destination security group ingress"),
    "sg-peer allows tcp 443 from sg-open",
  );
  equal(
    detailOf(ok, "return route table"),
    "rtb-peer sends 10.0.1.10/32 to pcx-1 (route 10.0.1.0/24): replies return over the peering",
  );
  // The worker's subnet has no route back over the peering.
  (world.tables[1] as RouteTable).Routes?.push({
    DestinationCidrBlock: "10.9.0.0/16",
    VpcPeeringConnectionId: "pcx-1",
    State: "active",
  });
  const noBack = await answer(world, { ...args, source_instance_id: WORKER });
  deepEqual([noBack.blocked_at, detailOf(noBack, "return route table")], [
    "return route table",
    "rtb-peer has no route to 10.0.2.20/32 over pcx-1",
  ]);
});

Deno.test("vpc_explain_reachability: another VPC's public instance over the internet", async () => {
  const world = base();
  world.instances.push(instance(OTHER, "subnet-000000000000far", "10.50.1.5", {
    VpcId: "vpc-00000000000000far",
    PublicIpAddress: "192.0.2.99",
    SecurityGroups: [{ GroupId: "sg-far" }],
  }));
  world.tables.push({
    RouteTableId: "rtb-far",
    VpcId: "vpc-00000000000000far",
    Associations: [{ SubnetId: "subnet-000000000000far" }],
    Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-far", State: "active" }],
  });
  world.acls.push(defaultAcl("acl-far", ["subnet-000000000000far"]));
  world.groups.push({
    GroupId: "sg-far",
    IpPermissions: [
      { IpProtocol: "tcp", FromPort: 443, ToPort: 443, UserIdGroupPairs: [{ GroupId: "sg-open" }] },
      { IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "198.51.100.7/32" }] },
    ],
  });
  // A group reference does not match over the internet: the source's public address does.
  const https = await answer(world, {
    source_instance_id: WORKER,
    destination_instance_id: OTHER,
    protocol: "tcp",
    port: 443,
  });
  equal(https.destination, `${OTHER} (public 192.0.2.99)`);
  deepEqual([https.blocked_at, detailOf(https, "destination security group ingress")], [
    "destination security group ingress",
    `no ingress rule of sg-far allows tcp 443 from ${WORKER} (198.51.100.7/32)`,
  ]);
  const http = await answer(world, {
    source_instance_id: WORKER,
    destination_instance_id: OTHER,
    protocol: "tcp",
    port: 80,
  });
  equal(http.reachable, true, http.verdict);
  equal(
    detailOf(http, "return route table"),
    "rtb-far sends 198.51.100.7/32 to igw-far (route 0.0.0.0/0): replies return through the internet gateway",
  );
});

Deno.test("vpc_explain_reachability: endpoint services by gateway, by public endpoint, prefix lists in rules", async () => {
  const world = base();
  world.prefixLists = {
    "pl-s3": { name: "com.amazonaws.eu-west-1.s3", cidrs: ["52.218.0.0/17"] },
    "pl-mine": { cidrs: ["52.218.0.0/16"] },
    "pl-secret": {},
  };
  world.groups = [{
    GroupId: "sg-open",
    GroupName: "open",
    IpPermissionsEgress: [
      {
        IpProtocol: "tcp",
        FromPort: 443,
        ToPort: 443,
        PrefixListIds: [{ PrefixListId: "pl-mine" }],
      },
      {
        IpProtocol: "tcp",
        FromPort: 8443,
        ToPort: 8443,
        PrefixListIds: [{ PrefixListId: "pl-secret" }],
      },
    ],
  }];
  // No endpoint yet: the public side, routed by the prefix list's CIDRs through the NAT.
  const publicSide = await answer(world, {
    source_instance_id: WORKER,
    destination_endpoint_service: "com.amazonaws.eu-west-1.s3",
    protocol: "tcp",
    port: 443,
  });
  equal(publicSide.reachable, true, publicSide.verdict);
  equal(publicSide.destination, "com.amazonaws.eu-west-1.s3 (public endpoint)");
  equal(
    detailOf(publicSide, "source security group egress"),
    "sg-open (open) allows tcp 443 to pl-mine",
  );
  equal(
    detailOf(publicSide, "route table"),
    "rtb-main sends 52.218.0.0/17 to nat-1 (route 0.0.0.0/0)",
  );

  world.endpoints = [{
    VpcEndpointId: "vpce-1",
    VpcEndpointType: "Gateway",
    VpcId: VPC,
    ServiceName: "com.amazonaws.eu-west-1.s3",
    // The SDK's enum spells it "Available"; the wire says "available": both count.
    State: "Available",
    RouteTableIds: ["rtb-main"],
  }];
  (world.tables[1] as RouteTable).Routes?.push({
    DestinationPrefixListId: "pl-s3",
    GatewayId: "vpce-1",
    State: "active",
  });
  const gateway = await answer(world, {
    source_instance_id: WORKER,
    destination_endpoint_service: "com.amazonaws.eu-west-1.s3",
    protocol: "tcp",
    port: 443,
  });
  equal(gateway.reachable, true, gateway.verdict);
  deepEqual(gateway.hops.map((h) => h.step), [
    "source security group egress",
    "source subnet NACL outbound",
    "route table",
    "VPC endpoint",
    "return path NACL",
  ]);
  equal(
    detailOf(gateway, "route table"),
    "rtb-main sends pl-s3 (com.amazonaws.eu-west-1.s3) to vpce-1",
  );

  // A rule naming a prefix list that cannot be read: blocked, and said so.
  const secret = await answer(world, {
    source_instance_id: WORKER,
    destination_cidr: "52.218.1.1",
    protocol: "tcp",
    port: 8443,
  });
  equal(secret.blocked_at, "source security group egress");
  match(secret.not_modeled.join("; "), /prefix list pl-secret \(could not be resolved\)/);
});

Deno.test("vpc_explain_reachability: an interface endpoint, and an IPv6 destination", async () => {
  const world = base();
  world.endpoints = [{
    VpcEndpointId: "vpce-2",
    VpcEndpointType: "Interface",
    VpcId: VPC,
    ServiceName: "com.amazonaws.eu-west-1.sqs",
    State: "Available",
    NetworkInterfaceIds: ["eni-2"],
    Groups: [{ GroupId: "sg-endpoint" }],
  }];
  world.enis = [{ NetworkInterfaceId: "eni-2", SubnetId: PRIV, PrivateIpAddress: "10.0.2.99" }];
  world.groups.push({
    GroupId: "sg-endpoint",
    GroupName: "endpoint",
    IpPermissions: [{
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      IpRanges: [{ CidrIp: "10.0.0.0/16" }],
    }],
  });
  const sqs = await answer(world, {
    source_instance_id: WEB,
    destination_endpoint_service: "com.amazonaws.eu-west-1.sqs",
    protocol: "tcp",
    port: 443,
  });
  equal(sqs.reachable, true, sqs.verdict);
  equal(
    detailOf(sqs, "VPC endpoint"),
    `vpce-2 (Interface) eni-2 in ${PRIV}; endpoint policy not evaluated`,
  );
  equal(
    detailOf(sqs, "destination security group ingress"),
    "sg-endpoint (endpoint) allows tcp 443 from 10.0.0.0/16",
  );

  const v6 = base();
  (v6.instances[0] as Instance).NetworkInterfaces = [{
    Ipv6Addresses: [{ Ipv6Address: "2001:db8:1::10" }],
  }];
  (v6.tables[0] as RouteTable).Routes?.push({
    DestinationIpv6CidrBlock: "::/0",
    GatewayId: "igw-1",
    State: "active",
  });
  (v6.groups[0] as SecurityGroup).IpPermissionsEgress?.push({
    IpProtocol: "-1",
    Ipv6Ranges: [{ CidrIpv6: "::/0" }],
  });
  (v6.acls[0] as NetworkAcl).Entries?.push(
    { RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: true, Ipv6CidrBlock: "::/0" },
    { RuleNumber: 101, Protocol: "-1", RuleAction: "allow", Egress: false, Ipv6CidrBlock: "::/0" },
  );
  const six = await answer(v6, {
    source_instance_id: WEB,
    destination_cidr: "2606:4700::1111",
    protocol: "tcp",
    port: 443,
  });
  equal(six.reachable, true, six.verdict);
  equal(
    detailOf(six, "internet gateway"),
    `igw-1 carries it from ${WEB}'s public 2001:db8:1::10/128`,
  );
  equal(detailOf(six, "route table"), "rtb-pub sends 2606:4700::1111/128 to igw-1 (route ::/0)");
});

Deno.test("vpc_explain_reachability reads the source's groups from its primary interface when the record has none", async () => {
  const world = base();
  world.instances[0] = instance(WEB, PUB, "10.0.1.10", {
    PublicIpAddress: "203.0.113.10",
    SecurityGroups: [],
    NetworkInterfaces: [
      { Attachment: { DeviceIndex: 1 }, Groups: [{ GroupId: "sg-other" }] },
      { Attachment: { DeviceIndex: 0 }, Groups: [{ GroupId: "sg-open", GroupName: "open" }] },
    ],
  });
  const out = await answer(world, {
    source_instance_id: WEB,
    destination_cidr: "8.8.8.8",
    protocol: "tcp",
    port: 443,
  });
  equal(out.reachable, true);
  equal(
    detailOf(out, "source security group egress"),
    "sg-open (open) allows all traffic to 0.0.0.0/0",
  );
});
