import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeInternetGateways } from "./describe_internet_gateways.ts";

const VPC = "vpc-0123456789abcdef0";

Deno.test("vpc_describe_internet_gateways filters by attached VPC and tags and lists attachments", async () => {
  const aws = stubAws({
    ec2: {
      describeInternetGateways: () => ({
        InternetGateways: [
          {
            InternetGatewayId: "igw-0123456789abcdef0",
            OwnerId: "123456789012",
            Attachments: [{ VpcId: VPC, State: "available" }],
            Tags: [{ Key: "Name", Value: "main-igw" }],
          },
          { InternetGatewayId: "igw-0123456789abcdef1", OwnerId: "123456789012", Attachments: [] },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInternetGateways] });
  try {
    const out = await callOk(client, "vpc_describe_internet_gateways", {
      vpc_id: VPC,
      tags: { env: "prod" },
    });
    deepEqual(out.internet_gateways, [
      {
        id: "igw-0123456789abcdef0",
        name: "main-igw",
        owner_id: "123456789012",
        attachments: [{ vpc_id: VPC, state: "available" }],
      },
      { id: "igw-0123456789abcdef1", owner_id: "123456789012", attachments: [] },
    ]);
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "attachment.vpc-id", Values: [VPC] },
        { Name: "tag:env", Values: ["prod"] },
      ],
      MaxResults: 1000,
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_internet_gateways asks by id without MaxResults", async () => {
  const aws = stubAws({ ec2: { describeInternetGateways: () => ({ InternetGateways: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeInternetGateways] });
  try {
    const out = await callOk(client, "vpc_describe_internet_gateways", {
      internet_gateway_ids: ["igw-0123456789abcdef0"],
    });
    deepEqual(out.internet_gateways, []);
    deepEqual(aws.calls[0]?.input, { InternetGatewayIds: ["igw-0123456789abcdef0"] });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_internet_gateways names a malformed gateway id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeInternetGateways],
  });
  try {
    const bad = await call(client, "vpc_describe_internet_gateways", {
      internet_gateway_ids: ["vpc-0123456789abcdef0"],
    });
    equal(bad.isError, true);
    match(text(bad), /internet_gateway_ids\.0: expected an id like igw-0123456789abcdef0/);
  } finally {
    await close();
  }
});
