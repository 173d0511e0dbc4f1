import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describePeeringConnections } from "./describe_peering_connections.ts";

const A = "vpc-000000000000000aa";
const B = "vpc-000000000000000bb";
const C = "vpc-000000000000000cc";

const aToB = {
  VpcPeeringConnectionId: "pcx-0123456789abcdef0",
  Status: { Code: "active", Message: "Active" },
  RequesterVpcInfo: {
    VpcId: A,
    OwnerId: "111111111111",
    Region: "eu-west-1",
    CidrBlock: "10.0.0.0/16",
    CidrBlockSet: [{ CidrBlock: "10.0.0.0/16" }, { CidrBlock: "10.1.0.0/16" }],
    Ipv6CidrBlockSet: [{ Ipv6CidrBlock: "2001:db8::/56" }],
  },
  AccepterVpcInfo: {
    VpcId: B,
    OwnerId: "222222222222",
    Region: "us-east-1",
    CidrBlock: "10.2.0.0/16",
  },
  Tags: [{ Key: "Name", Value: "a-b" }],
};
const cToA = {
  VpcPeeringConnectionId: "pcx-0123456789abcdef1",
  Status: { Code: "pending-acceptance", Message: "Pending Acceptance by 111111111111" },
  RequesterVpcInfo: {
    VpcId: C,
    OwnerId: "333333333333",
    Region: "eu-west-1",
    CidrBlock: "10.3.0.0/16",
  },
  AccepterVpcInfo: { VpcId: A, OwnerId: "111111111111", Region: "eu-west-1" },
  ExpirationTime: new Date("2026-02-01T00:00:00Z"),
};
const bToC = {
  VpcPeeringConnectionId: "pcx-0123456789abcdef2",
  Status: { Code: "active" },
  RequesterVpcInfo: { VpcId: B },
  AccepterVpcInfo: { VpcId: C },
};

Deno.test("vpc_describe_peering_connections matches vpc_id on either side with one call per side", async () => {
  // Answers as an EC2 that ignores filters would: the tool must still keep only A's connections.
  const aws = stubAws({
    ec2: {
      describeVpcPeeringConnections: () => ({ VpcPeeringConnections: [aToB, cToA, bToC] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describePeeringConnections] });
  try {
    const out = await callOk(client, "vpc_describe_peering_connections", { vpc_id: A });
    deepEqual(out.peering_connections, [
      {
        id: "pcx-0123456789abcdef0",
        name: "a-b",
        status: "active",
        status_message: "Active",
        requester: {
          vpc_id: A,
          owner_id: "111111111111",
          region: "eu-west-1",
          cidrs: ["10.0.0.0/16", "10.1.0.0/16", "2001:db8::/56"],
        },
        accepter: {
          vpc_id: B,
          owner_id: "222222222222",
          region: "us-east-1",
          cidrs: ["10.2.0.0/16"],
        },
      },
      {
        id: "pcx-0123456789abcdef1",
        status: "pending-acceptance",
        status_message: "Pending Acceptance by 111111111111",
        requester: {
          vpc_id: C,
          owner_id: "333333333333",
          region: "eu-west-1",
          cidrs: ["10.3.0.0/16"],
        },
        accepter: { vpc_id: A, owner_id: "111111111111", region: "eu-west-1" },
        expires: "2026-02-01T00:00:00.000Z",
      },
    ]);
    deepEqual(aws.calls.map((c) => c.input), [
      { Filters: [{ Name: "requester-vpc-info.vpc-id", Values: [A] }], MaxResults: 1000 },
      { Filters: [{ Name: "accepter-vpc-info.vpc-id", Values: [A] }], MaxResults: 1000 },
    ]);
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_peering_connections filters by status and asks by id without MaxResults", async () => {
  const aws = stubAws({
    ec2: {
      describeVpcPeeringConnections: () => ({ VpcPeeringConnections: [aToB, cToA] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describePeeringConnections] });
  try {
    const out = await callOk<{ peering_connections: { id: string }[] }>(
      client,
      "vpc_describe_peering_connections",
      {
        peering_connection_ids: ["pcx-0123456789abcdef0", "pcx-0123456789abcdef1"],
        statuses: ["pending-acceptance"],
      },
    );
    deepEqual(out.peering_connections.map((p) => p.id), ["pcx-0123456789abcdef1"]);
    deepEqual(aws.calls[0]?.input, {
      Filters: [{ Name: "status-code", Values: ["pending-acceptance"] }],
      VpcPeeringConnectionIds: ["pcx-0123456789abcdef0", "pcx-0123456789abcdef1"],
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_peering_connections names a bad status", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describePeeringConnections],
  });
  try {
    const bad = await call(client, "vpc_describe_peering_connections", { statuses: ["up"] });
    equal(bad.isError, true);
    match(text(bad), /statuses\.0: Invalid option/);
  } finally {
    await close();
  }
});
