import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { defaultRoutes } from "../vpc/_routes.ts";
import { getInstanceVpcInfo } from "./get_instance_vpc_info.ts";

const ID = "i-0123456789abcdef0";
const VPC = "vpc-0123456789abcdef0";
const SUBNET = "subnet-0123456789abcdef0";

const instance = {
  InstanceId: ID,
  State: { Name: "running" },
  VpcId: VPC,
  SubnetId: SUBNET,
  PrivateIpAddress: "10.0.1.5",
  PublicIpAddress: "203.0.113.7",
  SecurityGroups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web" }],
  NetworkInterfaces: [{
    Groups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web" }, {
      GroupId: "sg-0123456789abcdef1",
      GroupName: "ssh",
    }],
    Ipv6Addresses: [{ Ipv6Address: "2001:db8::5" }],
  }],
};

const table = (id: string, main: boolean, routes: unknown[]) => ({
  RouteTableId: id,
  VpcId: VPC,
  Associations: [main ? { Main: true } : { Main: false, SubnetId: SUBNET }],
  Routes: [{ DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" }, ...routes],
});

function ec2Stub(explicit: unknown[], main: unknown[], inst: unknown = instance) {
  return {
    describeInstances: () => ({ Reservations: [{ Instances: [inst] }] }),
    describeVpcs: () => ({ Vpcs: [{ VpcId: VPC, CidrBlock: "10.0.0.0/16", IsDefault: false }] }),
    describeSubnets: () => ({
      Subnets: [{
        SubnetId: SUBNET,
        CidrBlock: "10.0.1.0/24",
        AvailabilityZone: "eu-west-1a",
        MapPublicIpOnLaunch: true,
      }],
    }),
    describeRouteTables: (input: { Filters: { Name: string }[] }) => ({
      RouteTables: input.Filters[0]?.Name === "association.subnet-id" ? explicit : main,
    }),
  };
}

Deno.test("ec2_get_instance_vpc_info uses the subnet's own route table and finds its igw", async () => {
  const igw = { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0123456789abcdef0" };
  const aws = stubAws({
    ec2: ec2Stub([table("rtb-0000000000000000a", false, [igw])], [
      table("rtb-0000000000000000b", true, []),
    ]),
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceVpcInfo] });
  try {
    const out = await callOk(client, "ec2_get_instance_vpc_info", {
      instance_id: ID,
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeInstances", { InstanceIds: [ID] }],
      ["describeVpcs", { VpcIds: [VPC] }],
      ["describeSubnets", { SubnetIds: [SUBNET] }],
      ["describeRouteTables", { Filters: [{ Name: "association.subnet-id", Values: [SUBNET] }] }],
      ["describeRouteTables", {
        Filters: [{ Name: "vpc-id", Values: [VPC] }, {
          Name: "association.main",
          Values: ["true"],
        }],
      }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instance_id: ID,
      state: "running",
      vpc: { id: VPC, cidr: "10.0.0.0/16", is_default: false },
      subnet: { id: SUBNET, cidr: "10.0.1.0/24", zone: "eu-west-1a", map_public_ip: true },
      security_groups: [
        { id: "sg-0123456789abcdef0", name: "web" },
        { id: "sg-0123456789abcdef1", name: "ssh" },
      ],
      private_ip: "10.0.1.5",
      public_ip: "203.0.113.7",
      ipv6_ips: ["2001:db8::5"],
      route_table_id: "rtb-0000000000000000a",
      route_table_is_main: false,
      internet_route: "igw",
      internet_route_target: "igw-0123456789abcdef0",
      has_public_ip: true,
      reachable_from_internet: true,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_get_instance_vpc_info falls back to the main table: a NAT route is not reachable", async () => {
  const nat = { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0123456789abcdef0" };
  const { PublicIpAddress: _, NetworkInterfaces: __, ...privateOnly } = instance;
  const aws = stubAws({
    ec2: ec2Stub([], [table("rtb-0000000000000000b", true, [nat])], privateOnly),
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceVpcInfo] });
  try {
    const out = await callOk(client, "ec2_get_instance_vpc_info", { instance_id: ID });
    equal(out.route_table_id, "rtb-0000000000000000b");
    equal(out.route_table_is_main, true);
    equal(out.internet_route, "nat");
    equal(out.internet_route_target, "nat-0123456789abcdef0");
    equal(out.has_public_ip, false);
    equal(out.reachable_from_internet, false);
    equal(out.public_ip, undefined);
    deepEqual(out.security_groups, [{ id: "sg-0123456789abcdef0", name: "web" }]);
  } finally {
    await close();
  }
});

Deno.test("defaultRoutes ignores blackholes, prefers igw, and tells IPv4 from IPv6", () => {
  const t = (...routes: unknown[]) => table("rtb-1", false, routes) as never;
  deepEqual(defaultRoutes(undefined), {
    kind: "none",
    target: undefined,
    ipv4Igw: false,
    ipv6Igw: false,
  });
  deepEqual(
    defaultRoutes(t({ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-1", State: "blackhole" })),
    { kind: "none", target: undefined, ipv4Igw: false, ipv6Igw: false },
  );
  deepEqual(defaultRoutes(t({ DestinationCidrBlock: "0.0.0.0/0", TransitGatewayId: "tgw-1" })), {
    kind: "other",
    target: "tgw-1",
    ipv4Igw: false,
    ipv6Igw: false,
  });
  deepEqual(
    defaultRoutes(t(
      { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-1" },
      { DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-2" },
    )),
    { kind: "igw", target: "igw-2", ipv4Igw: false, ipv6Igw: true },
  );
  deepEqual(defaultRoutes(t({ DestinationCidrBlock: "10.1.0.0/16", GatewayId: "igw-3" })), {
    kind: "none",
    target: undefined,
    ipv4Igw: false,
    ipv6Igw: false,
  });
});

Deno.test("ec2_get_instance_vpc_info: IPv6-only reachability needs ::/0 to an igw", async () => {
  const { PublicIpAddress: _, ...v6 } = instance;
  const aws = stubAws({
    ec2: ec2Stub(
      [table("rtb-0000000000000000a", false, [
        { DestinationCidrBlock: "0.0.0.0/0", NatGatewayId: "nat-0123456789abcdef0" },
        { DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-0123456789abcdef0" },
      ])],
      [],
      v6,
    ),
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceVpcInfo] });
  try {
    const out = await callOk(client, "ec2_get_instance_vpc_info", { instance_id: ID });
    equal(out.internet_route, "igw");
    equal(out.has_public_ip, false);
    equal(out.reachable_from_internet, true);
  } finally {
    await close();
  }
});

Deno.test("ec2_get_instance_vpc_info says a terminated instance has no placement", async () => {
  const aws = stubAws({
    ec2: {
      describeInstances: () => ({
        Reservations: [{ Instances: [{ InstanceId: ID, State: { Name: "terminated" } }] }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceVpcInfo] });
  try {
    const out = await call(client, "ec2_get_instance_vpc_info", { instance_id: ID });
    equal(out.isError, true);
    match(text(out), /^NoNetworkPlacement: .* has no VPC or subnet \(state: terminated\)/);
    equal(aws.calls.length, 1);
  } finally {
    await close();
  }
});

Deno.test("ec2_get_instance_vpc_info names a malformed or missing instance_id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [getInstanceVpcInfo],
  });
  try {
    const bad = await call(client, "ec2_get_instance_vpc_info", { instance_id: "vpc-12345678" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: instance_id: expected an id like i-0123456789abcdef0/);
    const none = await call(client, "ec2_get_instance_vpc_info", {});
    match(text(none), /^InvalidInput: instance_id: /);
  } finally {
    await close();
  }
});
