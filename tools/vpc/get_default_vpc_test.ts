import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getDefaultVpc } from "./get_default_vpc.ts";

const defaultVpc = {
  VpcId: "vpc-0123456789abcdef0",
  CidrBlock: "172.31.0.0/16",
  CidrBlockAssociationSet: [
    { CidrBlock: "172.31.0.0/16", CidrBlockState: { State: "associated" } },
  ],
  State: "available",
  IsDefault: true,
  InstanceTenancy: "default",
  OwnerId: "123456789012",
  Tags: [],
};

Deno.test("vpc_get_default_vpc returns the default VPC's row and counts its subnets across pages", async () => {
  const pages: Record<string, unknown> = {
    "": { Subnets: [{ SubnetId: "subnet-00000000000000001" }], NextToken: "t2" },
    t2: { Subnets: [{ SubnetId: "subnet-00000000000000002" }, { SubnetId: "subnet-03" }] },
  };
  const aws = stubAws({
    ec2: {
      describeVpcs: () => ({ Vpcs: [defaultVpc] }),
      describeSubnets: (input: { NextToken?: string }) => pages[input.NextToken ?? ""],
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getDefaultVpc] });
  try {
    const out = await callOk(client, "vpc_get_default_vpc", { region: "eu-west-1" });
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      vpc: {
        id: "vpc-0123456789abcdef0",
        cidr: "172.31.0.0/16",
        state: "available",
        is_default: true,
        tenancy: "default",
        owner_id: "123456789012",
      },
      subnet_count: 3,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVpcs", { Filters: [{ Name: "is-default", Values: ["true"] }] }],
      [
        "describeSubnets",
        { Filters: [{ Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] }], MaxResults: 1000 },
      ],
      [
        "describeSubnets",
        {
          Filters: [{ Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] }],
          MaxResults: 1000,
          NextToken: "t2",
        },
      ],
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_get_default_vpc says so, without an error, when the region has no default VPC", async () => {
  const aws = stubAws({ ec2: { describeVpcs: () => ({ Vpcs: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [getDefaultVpc] });
  try {
    const result = await call(client, "vpc_get_default_vpc", { region: "eu-west-1" });
    equal(result.isError ?? false, false);
    deepEqual(result.structuredContent, {
      account: "123456789012",
      region: "eu-west-1",
      vpc: null,
      note:
        "eu-west-1 has no default VPC: pick another with vpc_list_vpcs, or recreate one with aws ec2 create-default-vpc",
    });
    deepEqual(aws.calls.map((c) => c.method), ["describeVpcs"]);
  } finally {
    await close();
  }
});

Deno.test("vpc_get_default_vpc names an unknown region and an unexpected argument", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({}, { aws, inventory: [getDefaultVpc] });
  try {
    const bad = await call(client, "vpc_get_default_vpc", { region: "mars-1", vpc_id: "x" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: /);
    match(text(bad), /region: unknown region "mars-1"/);
    match(text(bad), /Unrecognized key: "vpc_id"/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
