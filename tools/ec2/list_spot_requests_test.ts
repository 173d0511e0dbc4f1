import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listSpotRequests } from "./list_spot_requests.ts";

const REQUEST = {
  SpotInstanceRequestId: "sir-abcd1234",
  State: "active",
  Status: { Code: "fulfilled", Message: "Your spot request is fulfilled." },
  Type: "persistent",
  InstanceId: "i-0123456789abcdef0",
  LaunchSpecification: {
    InstanceType: "t3.micro",
    Placement: { AvailabilityZone: "eu-west-1a" },
    UserData: "c2VjcmV0",
  },
  LaunchedAvailabilityZone: "eu-west-1b",
  SpotPrice: "0.050000",
  CreateTime: new Date("2026-01-02T03:04:05Z"),
  ValidUntil: new Date("2026-02-01T00:00:00Z"),
};

interface Out {
  spot_requests: Record<string, unknown>[];
  next_token?: string;
}

Deno.test("ec2_list_spot_requests turns its filters into Filters and returns compact rows", async () => {
  const aws = stubAws({
    ec2: { describeSpotInstanceRequests: () => ({ SpotInstanceRequests: [REQUEST] }) },
  });
  const { client, close } = await connect({}, { aws, inventory: [listSpotRequests] });
  try {
    const out = await callOk<Out>(client, "ec2_list_spot_requests", {
      states: ["open", "active"],
      instance_id: "i-0123456789abcdef0",
      tags: { team: "blue" },
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSpotInstanceRequests", {
        Filters: [
          { Name: "state", Values: ["open", "active"] },
          { Name: "instance-id", Values: ["i-0123456789abcdef0"] },
          { Name: "tag:team", Values: ["blue"] },
        ],
        MaxResults: 1000,
      }],
    ]);
    // The zone it launched in wins over the one asked for; user data never shows in a row.
    deepEqual(out.spot_requests, [{
      id: "sir-abcd1234",
      state: "active",
      status: "fulfilled",
      status_message: "Your spot request is fulfilled.",
      type: "persistent",
      instance_id: "i-0123456789abcdef0",
      instance_type: "t3.micro",
      zone: "eu-west-1b",
      max_price: "0.050000",
      created: "2026-01-02T03:04:05.000Z",
      valid_until: "2026-02-01T00:00:00.000Z",
    }]);
  } finally {
    await close();
  }
});

Deno.test("ec2_list_spot_requests asks by id without MaxResults and pages past max_results", async () => {
  const ids = ["sir-abcd1231", "sir-abcd1232", "sir-abcd1233"];
  const aws = stubAws({
    ec2: {
      describeSpotInstanceRequests: () => ({
        SpotInstanceRequests: ids.map((id) => ({ SpotInstanceRequestId: id, State: "open" })),
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listSpotRequests] });
  try {
    const args = { spot_request_ids: ids, max_results: 2 };
    const first = await callOk<Out>(client, "ec2_list_spot_requests", args);
    deepEqual(aws.calls[0]?.input, { SpotInstanceRequestIds: ids });
    deepEqual(first.spot_requests, [
      { id: "sir-abcd1231", state: "open" },
      { id: "sir-abcd1232", state: "open" },
    ]);
    const second = await callOk<Out>(client, "ec2_list_spot_requests", {
      ...args,
      next_token: first.next_token,
    });
    deepEqual(second.spot_requests, [{ id: "sir-abcd1233", state: "open" }]);
    equal(second.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_list_spot_requests names a bad state and a malformed request id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [listSpotRequests],
  });
  try {
    const bad = await call(client, "ec2_list_spot_requests", {
      states: ["fulfilled"],
      spot_request_ids: ["sr-1"],
    });
    equal(bad.isError, true);
    match(text(bad), /states\.0: Invalid option/);
    match(text(bad), /spot_request_ids\.0: expected an id like sir-abcd1234/);
  } finally {
    await close();
  }
});
