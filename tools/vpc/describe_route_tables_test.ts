import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeRouteTables } from "./describe_route_tables.ts";

const VPC = "vpc-0123456789abcdef0";
const SUBNET = "subnet-0123456789abcdef0";
const local = { DestinationCidrBlock: "10.0.0.0/16", GatewayId: "local", State: "active" };

const mainTable = {
  RouteTableId: "rtb-0000000000000000a",
  VpcId: VPC,
  Associations: [{ Main: true, RouteTableId: "rtb-0000000000000000a" }],
  Routes: [local],
  Tags: [],
};
const publicTable = {
  RouteTableId: "rtb-0000000000000000b",
  VpcId: VPC,
  Associations: [
    { Main: false, SubnetId: SUBNET, AssociationState: { State: "associated" } },
    {
      Main: false,
      SubnetId: "subnet-0000000000000000f",
      AssociationState: { State: "disassociated" },
    },
    { Main: false, GatewayId: "igw-0123456789abcdef0", AssociationState: { State: "associated" } },
  ],
  Routes: [
    local,
    { DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-0123456789abcdef0", State: "active" },
    {
      DestinationIpv6CidrBlock: "::/0",
      EgressOnlyInternetGatewayId: "eigw-0123456789abcdef0",
      State: "active",
    },
    {
      DestinationCidrBlock: "10.9.0.0/16",
      NatGatewayId: "nat-0123456789abcdef0",
      State: "blackhole",
    },
  ],
  PropagatingVgws: [{ GatewayId: "vgw-0123456789abcdef0" }],
  Tags: [{ Key: "Name", Value: "public" }],
};

Deno.test("vpc_describe_route_tables follows every page of a VPC's tables and renders routes", async () => {
  const aws = stubAws({
    ec2: {
      describeRouteTables: (input: { NextToken?: string }) =>
        input.NextToken
          ? { RouteTables: [publicTable] }
          : { RouteTables: [mainTable], NextToken: "p2" },
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeRouteTables] });
  try {
    const out = await callOk(client, "vpc_describe_route_tables", {
      vpc_id: VPC,
      region: "eu-west-1",
    });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      route_tables: [
        { id: "rtb-0000000000000000a", vpc_id: VPC, main: true, routes: ["10.0.0.0/16 → local"] },
        {
          id: "rtb-0000000000000000b",
          name: "public",
          vpc_id: VPC,
          main: false,
          subnets: [SUBNET],
          gateways: ["igw-0123456789abcdef0"],
          routes: [
            "10.0.0.0/16 → local",
            "0.0.0.0/0 → igw-0123456789abcdef0",
            "::/0 → eigw-0123456789abcdef0",
            "10.9.0.0/16 → nat-0123456789abcdef0 (blackhole)",
          ],
          propagating_vgws: ["vgw-0123456789abcdef0"],
        },
      ],
    });
    deepEqual(aws.calls.map((c) => c.input), [
      { Filters: [{ Name: "vpc-id", Values: [VPC] }], MaxResults: 100 },
      { Filters: [{ Name: "vpc-id", Values: [VPC] }], MaxResults: 100, NextToken: "p2" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_route_tables asks by id without MaxResults", async () => {
  const aws = stubAws({ ec2: { describeRouteTables: () => ({ RouteTables: [mainTable] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeRouteTables] });
  try {
    await callOk(client, "vpc_describe_route_tables", {
      route_table_ids: ["rtb-0000000000000000a"],
    });
    deepEqual(aws.calls[0]?.input, { RouteTableIds: ["rtb-0000000000000000a"] });
  } finally {
    await close();
  }
});

/** A stub answering the subnet lookup and the explicit/main route table lookups. */
function subnetStub(explicit: unknown[]) {
  return stubAws({
    ec2: {
      describeSubnets: () => ({ Subnets: [{ SubnetId: SUBNET, VpcId: VPC }] }),
      describeRouteTables: (input: { Filters: { Name: string }[] }) => ({
        RouteTables: input.Filters[0]?.Name === "association.subnet-id" ? explicit : [mainTable],
      }),
    },
  });
}

Deno.test("vpc_describe_route_tables with subnet_id falls back to the main table and says so", async () => {
  const aws = subnetStub([]);
  const { client, close } = await connect({}, { aws, inventory: [describeRouteTables] });
  try {
    const out = await callOk<Record<string, unknown>>(client, "vpc_describe_route_tables", {
      subnet_id: SUBNET,
    });
    deepEqual(out.subnet_association, {
      subnet_id: SUBNET,
      route_table_id: "rtb-0000000000000000a",
      via: "main",
    });
    deepEqual((out.route_tables as { id: string }[]).map((t) => t.id), ["rtb-0000000000000000a"]);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSubnets", { SubnetIds: [SUBNET] }],
      ["describeRouteTables", { Filters: [{ Name: "association.subnet-id", Values: [SUBNET] }] }],
      ["describeRouteTables", {
        Filters: [{ Name: "vpc-id", Values: [VPC] }, {
          Name: "association.main",
          Values: ["true"],
        }],
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_route_tables with subnet_id reports an explicit association", async () => {
  const aws = subnetStub([publicTable]);
  const { client, close } = await connect({}, { aws, inventory: [describeRouteTables] });
  try {
    const out = await callOk<Record<string, unknown>>(client, "vpc_describe_route_tables", {
      subnet_id: SUBNET,
      vpc_id: VPC,
    });
    deepEqual(out.subnet_association, {
      subnet_id: SUBNET,
      route_table_id: "rtb-0000000000000000b",
      via: "explicit",
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_route_tables refuses a subnet of another VPC and subnet_id with route_table_ids", async () => {
  const aws = subnetStub([]);
  const { client, close } = await connect({}, { aws, inventory: [describeRouteTables] });
  try {
    const other = await call(client, "vpc_describe_route_tables", {
      subnet_id: SUBNET,
      vpc_id: "vpc-0000000000000000f",
    });
    equal(other.isError, true);
    match(
      text(other),
      /^InvalidInput: subnet_id: subnet-0123456789abcdef0 is in vpc-0123456789abcdef0, not vpc-0000000000000000f/,
    );
    const both = await call(client, "vpc_describe_route_tables", {
      subnet_id: SUBNET,
      route_table_ids: ["rtb-0000000000000000a"],
    });
    match(text(both), /^InvalidInput: route_table_ids: cannot be combined with subnet_id/);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_route_tables names a malformed route table id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeRouteTables],
  });
  try {
    const bad = await call(client, "vpc_describe_route_tables", { route_table_ids: ["rtb-xyz"] });
    equal(bad.isError, true);
    match(text(bad), /route_table_ids\.0: expected an id like rtb-0123456789abcdef0/);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_route_tables says when a subnet does not exist", async () => {
  const aws = stubAws({ ec2: { describeSubnets: () => ({ Subnets: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeRouteTables] });
  try {
    const result = await call(client, "vpc_describe_route_tables", { subnet_id: SUBNET });
    match(text(result), /^InvalidSubnetID\.NotFound: .*subnet-0123456789abcdef0/);
  } finally {
    await close();
  }
});
