import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listSubnets, subnetSummary, usableIps } from "./list_subnets.ts";

const subnet = {
  SubnetId: "subnet-0123456789abcdef0",
  VpcId: "vpc-0123456789abcdef0",
  CidrBlock: "10.0.1.0/24",
  AvailabilityZone: "eu-west-1a",
  AvailabilityZoneId: "euw1-az1",
  AvailableIpAddressCount: 248,
  MapPublicIpOnLaunch: false,
  DefaultForAz: false,
  State: "available",
  Ipv6CidrBlockAssociationSet: [
    { Ipv6CidrBlock: "2a05:d018::/64", Ipv6CidrBlockState: { State: "associated" } },
    { Ipv6CidrBlock: "2a05:d019::/64", Ipv6CidrBlockState: { State: "disassociated" } },
  ],
  Tags: [{ Key: "Name", Value: "app-a" }, { Key: "tier", Value: "app" }],
};

const row = {
  id: "subnet-0123456789abcdef0",
  name: "app-a",
  vpc_id: "vpc-0123456789abcdef0",
  cidr: "10.0.1.0/24",
  zone: "eu-west-1a",
  zone_id: "euw1-az1",
  available_ips: 248,
  total_ips: 251,
  map_public_ip: false,
  default_for_az: false,
  ipv6_cidrs: ["2a05:d018::/64"],
  state: "available",
};

Deno.test("subnetSummary keeps associated IPv6 CIDRs and counts usable IPs", () => {
  deepEqual(subnetSummary(subnet as never), row);
  deepEqual(subnetSummary({ SubnetId: "subnet-0123456789abcdef1" }), {
    id: "subnet-0123456789abcdef1",
    map_public_ip: false,
    default_for_az: false,
  });
});

Deno.test("usableIps leaves out the five addresses AWS reserves", () => {
  equal(usableIps("172.31.0.0/20"), 4091);
  equal(usableIps("10.0.0.0/28"), 11);
  equal(usableIps("10.0.0.0/16"), 65531);
  equal(usableIps("2001:db8::/64"), undefined);
  equal(usableIps(undefined), undefined);
});

Deno.test("vpc_list_subnets turns its filters into DescribeSubnets filters", async () => {
  const aws = stubAws({ ec2: { describeSubnets: () => ({ Subnets: [subnet] }) } });
  const { client, close } = await connect({}, { aws, inventory: [listSubnets] });
  try {
    const out = await callOk(client, "vpc_list_subnets", {
      vpc_id: "vpc-0123456789abcdef0",
      zone: "eu-west-1a",
      default_for_az: false,
      tags: { tier: "app", owner: "*" },
      region: "eu-west-1",
    });
    deepEqual(out, { account: "123456789012", region: "eu-west-1", subnets: [row] });
    deepEqual(aws.calls.map((c) => c.method), ["describeSubnets"]);
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] },
        { Name: "availability-zone", Values: ["eu-west-1a"] },
        { Name: "default-for-az", Values: ["false"] },
        { Name: "tag:tier", Values: ["app"] },
        { Name: "tag-key", Values: ["owner"] },
      ],
      MaxResults: 1000,
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_list_subnets filters a zone id by availability-zone-id and ids without MaxResults", async () => {
  const aws = stubAws({ ec2: { describeSubnets: () => ({ Subnets: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [listSubnets] });
  try {
    const out = await callOk(client, "vpc_list_subnets", {
      subnet_ids: ["subnet-0123456789abcdef0"],
      zone: "usw2-lax1-az1",
    });
    deepEqual(out.subnets, []);
    deepEqual(aws.calls[0]?.input, {
      Filters: [{ Name: "availability-zone-id", Values: ["usw2-lax1-az1"] }],
      SubnetIds: ["subnet-0123456789abcdef0"],
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_list_subnets follows AWS NextToken and pages past max_results", async () => {
  const ids = ["subnet-00000000000000001", "subnet-00000000000000002", "subnet-00000000000000003"];
  const pages: Record<string, unknown> = {
    "": { Subnets: [{ SubnetId: ids[0] }, { SubnetId: ids[1] }], NextToken: "t2" },
    t2: { Subnets: [{ SubnetId: ids[2] }] },
  };
  const aws = stubAws({
    ec2: { describeSubnets: (input: { NextToken?: string }) => pages[input.NextToken ?? ""] },
  });
  const { client, close } = await connect({}, { aws, inventory: [listSubnets] });
  try {
    type Page = { subnets: { id: string }[]; next_token?: string };
    const first = await callOk<Page>(client, "vpc_list_subnets", { max_results: 2 });
    deepEqual(first.subnets.map((s) => s.id), ids.slice(0, 2));
    equal(typeof first.next_token, "string");
    const second = await callOk<Page>(client, "vpc_list_subnets", {
      max_results: 2,
      next_token: first.next_token,
    });
    deepEqual(second.subnets.map((s) => s.id), ids.slice(2));
    equal(second.next_token, undefined);
    deepEqual(aws.calls.map((c) => (c.input as { NextToken?: string }).NextToken), [
      undefined,
      "t2",
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_list_subnets names malformed ids and a non-boolean default_for_az", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({}, { aws, inventory: [listSubnets] });
  try {
    const bad = await call(client, "vpc_list_subnets", {
      vpc_id: "vpc-12",
      subnet_ids: ["sn-0123456789abcdef0"],
      default_for_az: "yes",
    });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: /);
    match(text(bad), /vpc_id: expected an id like vpc-0123456789abcdef0/);
    match(text(bad), /subnet_ids\.0: expected an id like subnet-0123456789abcdef0/);
    match(text(bad), /default_for_az: Invalid input: expected boolean/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
