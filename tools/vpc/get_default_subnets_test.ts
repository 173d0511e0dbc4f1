import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getDefaultSubnets } from "./get_default_subnets.ts";

const VPC = "vpc-0123456789abcdef0";

function subnet(id: string, zone: string, cidr: string) {
  return {
    SubnetId: id,
    VpcId: VPC,
    CidrBlock: cidr,
    AvailabilityZone: zone,
    AvailableIpAddressCount: 4091,
    MapPublicIpOnLaunch: true,
    DefaultForAz: true,
    State: "available",
  };
}

Deno.test("vpc_get_default_subnets keeps one subnet per zone, sorted by zone", async () => {
  const aws = stubAws({
    ec2: {
      describeVpcs: () => ({ Vpcs: [{ VpcId: VPC, IsDefault: true }] }),
      describeSubnets: (input: { NextToken?: string }) =>
        input.NextToken
          ? { Subnets: [subnet("subnet-00000000000000001", "eu-west-1a", "172.31.0.0/20")] }
          : {
            Subnets: [
              subnet("subnet-00000000000000003", "eu-west-1c", "172.31.32.0/20"),
              subnet("subnet-00000000000000002", "eu-west-1b", "172.31.16.0/20"),
              // A second one in a zone AWS would never report; the first seen wins.
              subnet("subnet-00000000000000004", "eu-west-1b", "172.31.48.0/20"),
            ],
            NextToken: "t2",
          },
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getDefaultSubnets] });
  try {
    const out = await callOk(client, "vpc_get_default_subnets", { region: "eu-west-1" });
    const row = (id: string, zone: string, cidr: string) => ({
      id,
      vpc_id: VPC,
      cidr,
      zone,
      available_ips: 4091,
      total_ips: 4091,
      map_public_ip: true,
      default_for_az: true,
      state: "available",
    });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      vpc_id: VPC,
      subnets: [
        row("subnet-00000000000000001", "eu-west-1a", "172.31.0.0/20"),
        row("subnet-00000000000000002", "eu-west-1b", "172.31.16.0/20"),
        row("subnet-00000000000000003", "eu-west-1c", "172.31.32.0/20"),
      ],
    });
    const filters = [
      { Name: "vpc-id", Values: [VPC] },
      { Name: "default-for-az", Values: ["true"] },
    ];
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVpcs", { Filters: [{ Name: "is-default", Values: ["true"] }] }],
      ["describeSubnets", { Filters: filters, MaxResults: 1000 }],
      ["describeSubnets", { Filters: filters, MaxResults: 1000, NextToken: "t2" }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_get_default_subnets returns none with a note when there is no default VPC", async () => {
  const aws = stubAws({ ec2: { describeVpcs: () => ({ Vpcs: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [getDefaultSubnets] });
  try {
    const out = await callOk(client, "vpc_get_default_subnets", { region: "eu-west-1" });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      subnets: [],
      note: "eu-west-1 has no default VPC, so no default subnets",
    });
    deepEqual(aws.calls.map((c) => c.method), ["describeVpcs"]);
  } finally {
    await close();
  }
});

Deno.test("vpc_get_default_subnets notes a default VPC whose default subnets were deleted", async () => {
  const aws = stubAws({
    ec2: {
      describeVpcs: () => ({ Vpcs: [{ VpcId: VPC, IsDefault: true }] }),
      describeSubnets: () => ({ Subnets: [] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getDefaultSubnets] });
  try {
    const out = await callOk(client, "vpc_get_default_subnets", {});
    deepEqual(out.subnets, []);
    equal(out.vpc_id, VPC);
    equal(out.note, `the default VPC ${VPC} has no default subnets`);
  } finally {
    await close();
  }
});

Deno.test("vpc_get_default_subnets names an unknown region", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({}, { aws, inventory: [getDefaultSubnets] });
  try {
    const bad = await call(client, "vpc_get_default_subnets", { region: "eu-west-9" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: region: unknown region "eu-west-9"/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
