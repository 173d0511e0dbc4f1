import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { defaultRoutes } from "./_routes.ts";
import { describeSubnet } from "./describe_subnet.ts";

const SUBNET = "subnet-0123456789abcdef0";
const VPC = "vpc-0123456789abcdef0";

const subnet = {
  SubnetId: SUBNET,
  VpcId: VPC,
  CidrBlock: "10.0.1.0/24",
  AvailabilityZone: "eu-west-1a",
  AvailableIpAddressCount: 251,
  MapPublicIpOnLaunch: false,
  DefaultForAz: false,
  Ipv6CidrBlockAssociationSet: [],
  Tags: [],
  State: "available",
};

const local = { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" };

/** DescribeRouteTables answering the explicit-association and the main-table lookups. */
function routeTables(explicit: unknown[], main: unknown[]) {
  return (input: { Filters: { Name: string }[] }) => ({
    RouteTables: input.Filters[0]?.Name === "association.subnet-id" ? explicit : main,
  });
}

Deno.test("vpc_describe_subnet reports an explicitly associated table with an internet gateway route as public", async () => {
  const aws = stubAws({
    ec2: {
      describeSubnets: () => ({ Subnets: [subnet] }),
      describeRouteTables: routeTables([{
        RouteTableId: "rtb-0123456789abcdef1",
        Associations: [{ Main: false, SubnetId: SUBNET, RouteTableId: "rtb-0123456789abcdef1" }],
        Routes: [local, {
          DestinationCidrBlock: "0.0.0.0/0",
          GatewayId: "igw-0123456789abcdef0",
          State: "active",
        }],
      }], []),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSubnet] });
  try {
    const out = await callOk(client, "vpc_describe_subnet", {
      subnet_id: SUBNET,
      region: "eu-west-1",
    });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      subnet: {
        SubnetId: SUBNET,
        VpcId: VPC,
        CidrBlock: "10.0.1.0/24",
        AvailabilityZone: "eu-west-1a",
        AvailableIpAddressCount: 251,
        MapPublicIpOnLaunch: false,
        DefaultForAz: false,
        State: "available",
      },
      route_table: {
        id: "rtb-0123456789abcdef1",
        main: false,
        default_route: "igw-0123456789abcdef0",
      },
      public: true,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSubnets", { SubnetIds: [SUBNET] }],
      ["describeRouteTables", { Filters: [{ Name: "association.subnet-id", Values: [SUBNET] }] }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_subnet falls back to the VPC's main table and reports its NAT gateway", async () => {
  const aws = stubAws({
    ec2: {
      describeSubnets: () => ({ Subnets: [subnet] }),
      describeRouteTables: routeTables([], [{
        RouteTableId: "rtb-0123456789abcdef2",
        Associations: [{ Main: true, RouteTableId: "rtb-0123456789abcdef2" }],
        Routes: [local, {
          DestinationCidrBlock: "0.0.0.0/0",
          NatGatewayId: "nat-0123456789abcdef0",
          State: "active",
        }],
      }]),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSubnet] });
  try {
    const out = await callOk(client, "vpc_describe_subnet", { subnet_id: SUBNET });
    deepEqual(out.route_table, {
      id: "rtb-0123456789abcdef2",
      main: true,
      default_route: "nat-0123456789abcdef0",
    });
    equal(out.public, false);
    equal(out.nat_gateway_id, "nat-0123456789abcdef0");
    deepEqual(aws.calls[2], {
      service: "ec2",
      method: "describeRouteTables",
      input: {
        Filters: [
          { Name: "vpc-id", Values: [VPC] },
          { Name: "association.main", Values: ["true"] },
        ],
      },
    });
  } finally {
    await close();
  }
});

Deno.test("defaultRoutes ignores blackhole routes and does not call a virtual private gateway public", () => {
  const blackholeV4 = defaultRoutes({
    Routes: [
      { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0123456789abcdef0", State: "blackhole" },
      { DestinationIpv6CidrBlock: "::/0", GatewayId: "igw-0123456789abcdef0", State: "active" },
    ],
  });
  deepEqual([blackholeV4.ipv4Igw, blackholeV4.ipv6Igw], [false, true]);
  deepEqual(
    defaultRoutes({
      Routes: [{ DestinationCidrBlock: "0.0.0.0/0", GatewayId: "vgw-0123456789abcdef0" }],
    }),
    { kind: "other", target: "vgw-0123456789abcdef0", ipv4Igw: false, ipv6Igw: false },
  );
  deepEqual(defaultRoutes(undefined), {
    kind: "none",
    target: undefined,
    ipv4Igw: false,
    ipv6Igw: false,
  });
});

Deno.test("vpc_describe_subnet passes on AWS's InvalidSubnetID.NotFound with a hint", async () => {
  const notFound = Object.assign(new Error(`The subnet ID '${SUBNET}' does not exist`), {
    name: "InvalidSubnetID.NotFound",
  });
  const aws = stubAws({
    ec2: {
      describeSubnets: () => Promise.reject(notFound),
      describeRouteTables: () => ({ RouteTables: [] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSubnet] });
  try {
    const result = await call(client, "vpc_describe_subnet", {
      subnet_id: SUBNET,
      region: "eu-west-1",
    });
    equal(result.isError, true);
    equal(
      text(result),
      `InvalidSubnetID.NotFound: The subnet ID '${SUBNET}' does not exist — check the id exists in eu-west-1 (list the resources there, or pass another region)`,
    );
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_subnet names a malformed subnet_id", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({}, { aws, inventory: [describeSubnet] });
  try {
    const bad = await call(client, "vpc_describe_subnet", { subnet_id: "subnet-xyz" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: subnet_id: expected an id like subnet-0123456789abcdef0/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
