import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeNatGateways } from "./describe_nat_gateways.ts";

const VPC = "vpc-0123456789abcdef0";
const SUBNET = "subnet-0123456789abcdef0";

Deno.test("vpc_describe_nat_gateways sends Filter (not Filters) and flattens addresses", async () => {
  const aws = stubAws({
    ec2: {
      describeNatGateways: () => ({
        NatGateways: [
          {
            NatGatewayId: "nat-0123456789abcdef0",
            State: "available",
            ConnectivityType: "public",
            VpcId: VPC,
            SubnetId: SUBNET,
            CreateTime: new Date("2026-01-02T03:04:05Z"),
            NatGatewayAddresses: [
              {
                AllocationId: "eipalloc-0123456789abcdef0",
                PublicIp: "203.0.113.10",
                PrivateIp: "10.0.1.15",
                IsPrimary: true,
              },
              { PrivateIp: "10.0.1.16", IsPrimary: false },
            ],
            Tags: [{ Key: "Name", Value: "egress-a" }],
          },
          {
            NatGatewayId: "nat-0123456789abcdef1",
            State: "failed",
            ConnectivityType: "private",
            VpcId: VPC,
            SubnetId: SUBNET,
            FailureCode: "InsufficientFreeAddressesInSubnet",
            FailureMessage: "Subnet has insufficient free addresses",
            NatGatewayAddresses: [],
          },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeNatGateways] });
  try {
    const out = await callOk(client, "vpc_describe_nat_gateways", {
      vpc_id: VPC,
      subnet_id: SUBNET,
      states: ["available", "failed"],
    });
    deepEqual(out.nat_gateways, [
      {
        id: "nat-0123456789abcdef0",
        name: "egress-a",
        state: "available",
        connectivity_type: "public",
        vpc_id: VPC,
        subnet_id: SUBNET,
        public_ips: ["203.0.113.10"],
        private_ips: ["10.0.1.15", "10.0.1.16"],
        allocation_ids: ["eipalloc-0123456789abcdef0"],
        created: "2026-01-02T03:04:05.000Z",
      },
      {
        id: "nat-0123456789abcdef1",
        state: "failed",
        connectivity_type: "private",
        vpc_id: VPC,
        subnet_id: SUBNET,
        failure: "InsufficientFreeAddressesInSubnet: Subnet has insufficient free addresses",
      },
    ]);
    deepEqual(aws.calls[0]?.input, {
      Filter: [
        { Name: "vpc-id", Values: [VPC] },
        { Name: "subnet-id", Values: [SUBNET] },
        { Name: "state", Values: ["available", "failed"] },
      ],
      MaxResults: 1000,
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_nat_gateways names a bad state and a malformed id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeNatGateways],
  });
  try {
    const bad = await call(client, "vpc_describe_nat_gateways", {
      states: ["running"],
      nat_gateway_ids: ["nat-1"],
    });
    equal(bad.isError, true);
    match(text(bad), /states\.0: Invalid option/);
    match(text(bad), /nat_gateway_ids\.0: expected an id like nat-0123456789abcdef0/);
  } finally {
    await close();
  }
});
