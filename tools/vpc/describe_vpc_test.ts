import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeVpc } from "./describe_vpc.ts";

const VPC = "vpc-0123456789abcdef0";

const vpc = {
  VpcId: VPC,
  CidrBlock: "10.0.0.0/16",
  CidrBlockAssociationSet: [{
    AssociationId: "vpc-cidr-assoc-0123456789abcdef0",
    CidrBlock: "10.0.0.0/16",
    CidrBlockState: { State: "associated" },
  }],
  Ipv6CidrBlockAssociationSet: [],
  DhcpOptionsId: "dopt-0123456789abcdef0",
  State: "available",
  IsDefault: false,
  InstanceTenancy: "default",
  OwnerId: "123456789012",
  Tags: [{ Key: "Name", Value: "core" }],
  BlockPublicAccessStates: null,
  $metadata: { httpStatusCode: 200 },
};

function items(n: number) {
  return Array.from({ length: n }, () => ({}));
}

/** DescribeVpcAttribute answers by attribute name, as AWS does. */
function attribute(input: { Attribute: string }) {
  return input.Attribute === "enableDnsSupport"
    ? { VpcId: VPC, EnableDnsSupport: { Value: true } }
    : { VpcId: VPC, EnableDnsHostnames: { Value: false } };
}

Deno.test("vpc_describe_vpc prunes the VPC and adds DNS attributes and paged counts", async () => {
  const aws = stubAws({
    ec2: {
      describeVpcs: () => ({ Vpcs: [vpc] }),
      describeVpcAttribute: attribute,
      describeSubnets: (input: { NextToken?: string }) =>
        input.NextToken ? { Subnets: items(2) } : { Subnets: items(3), NextToken: "more" },
      describeRouteTables: () => ({ RouteTables: items(2) }),
      describeSecurityGroups: () => ({ SecurityGroups: items(4) }),
      describeInternetGateways: () => ({ InternetGateways: items(1) }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeVpc] });
  try {
    const out = await callOk(client, "vpc_describe_vpc", { vpc_id: VPC, region: "eu-west-1" });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      vpc: {
        VpcId: VPC,
        CidrBlock: "10.0.0.0/16",
        CidrBlockAssociationSet: [{
          AssociationId: "vpc-cidr-assoc-0123456789abcdef0",
          CidrBlock: "10.0.0.0/16",
          CidrBlockState: { State: "associated" },
        }],
        DhcpOptionsId: "dopt-0123456789abcdef0",
        State: "available",
        IsDefault: false,
        InstanceTenancy: "default",
        OwnerId: "123456789012",
        Tags: [{ Key: "Name", Value: "core" }],
      },
      enable_dns_support: true,
      enable_dns_hostnames: false,
      counts: { subnets: 5, route_tables: 2, security_groups: 4, internet_gateways: 1 },
    });
    const inVpc = [{ Name: "vpc-id", Values: [VPC] }];
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVpcs", { VpcIds: [VPC] }],
      ["describeVpcAttribute", { VpcId: VPC, Attribute: "enableDnsSupport" }],
      ["describeVpcAttribute", { VpcId: VPC, Attribute: "enableDnsHostnames" }],
      ["describeSubnets", { Filters: inVpc, MaxResults: 1000 }],
      ["describeRouteTables", { Filters: inVpc, MaxResults: 100 }],
      ["describeSecurityGroups", { Filters: inVpc, MaxResults: 1000 }],
      [
        "describeInternetGateways",
        { Filters: [{ Name: "attachment.vpc-id", Values: [VPC] }], MaxResults: 1000 },
      ],
      ["describeSubnets", { Filters: inVpc, MaxResults: 1000, NextToken: "more" }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_vpc passes on AWS's InvalidVpcID.NotFound with a hint", async () => {
  const notFound = Object.assign(new Error(`The vpc ID '${VPC}' does not exist`), {
    name: "InvalidVpcID.NotFound",
  });
  const aws = stubAws({
    ec2: {
      describeVpcs: () => Promise.reject(notFound),
      describeVpcAttribute: () => Promise.reject(notFound),
      describeSubnets: () => ({ Subnets: [] }),
      describeRouteTables: () => ({ RouteTables: [] }),
      describeSecurityGroups: () => ({ SecurityGroups: [] }),
      describeInternetGateways: () => ({ InternetGateways: [] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeVpc] });
  try {
    const result = await call(client, "vpc_describe_vpc", { vpc_id: VPC, region: "eu-west-1" });
    equal(result.isError, true);
    equal(
      text(result),
      `InvalidVpcID.NotFound: The vpc ID '${VPC}' does not exist — check the id exists in eu-west-1 (list the resources there, or pass another region)`,
    );
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_vpc names a missing or malformed vpc_id", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({}, { aws, inventory: [describeVpc] });
  try {
    const missing = await call(client, "vpc_describe_vpc", {});
    equal(missing.isError, true);
    match(text(missing), /^InvalidInput: vpc_id: Invalid input: expected string/);
    const bad = await call(client, "vpc_describe_vpc", { vpc_id: "subnet-0123456789abcdef0" });
    match(text(bad), /^InvalidInput: vpc_id: expected an id like vpc-0123456789abcdef0/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
