import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeInstanceStatus } from "./describe_instance_status.ts";

const ok = (id: string, state = "running") => ({
  InstanceId: id,
  AvailabilityZone: "eu-west-1a",
  InstanceState: { Name: state },
  SystemStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
  InstanceStatus: { Status: "ok", Details: [{ Name: "reachability", Status: "passed" }] },
});
const impaired = {
  ...ok("i-000000000000000a1"),
  InstanceStatus: {
    Status: "impaired",
    Details: [{
      Name: "reachability",
      Status: "failed",
      ImpairedSince: new Date("2026-01-02T03:04:05Z"),
    }],
  },
};
const retiring = {
  ...ok("i-000000000000000a2"),
  Events: [
    {
      Code: "instance-retirement",
      NotBefore: new Date("2026-02-01T00:00:00Z"),
      Description: "The instance is running on degraded hardware",
    },
  ],
};
const pastEvent = {
  ...ok("i-000000000000000a3"),
  Events: [{ Code: "system-reboot", Description: "[Completed] Scheduled reboot" }],
};

Deno.test("ec2_describe_instance_status by default keeps impaired instances and upcoming events", async () => {
  const aws = stubAws({
    ec2: {
      describeInstanceStatus: () => ({
        InstanceStatuses: [ok("i-000000000000000a0"), impaired, retiring, pastEvent],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstanceStatus] });
  try {
    const out = await callOk(client, "ec2_describe_instance_status", {});
    deepEqual(out.instances, [
      {
        instance_id: "i-000000000000000a1",
        zone: "eu-west-1a",
        state: "running",
        system_status: "ok",
        instance_status: "impaired",
        failed_checks: ["instance reachability: failed since 2026-01-02T03:04:05.000Z"],
      },
      {
        instance_id: "i-000000000000000a2",
        zone: "eu-west-1a",
        state: "running",
        system_status: "ok",
        instance_status: "ok",
        events: [{
          code: "instance-retirement",
          not_before: "2026-02-01T00:00:00.000Z",
          description: "The instance is running on degraded hardware",
        }],
      },
    ]);
    deepEqual(aws.calls[0]?.input, { MaxResults: 1000 });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instance_status with include_all asks IncludeAllInstances and keeps every row", async () => {
  const aws = stubAws({
    ec2: {
      describeInstanceStatus: () => ({
        InstanceStatuses: [ok("i-000000000000000a0"), {
          InstanceId: "i-000000000000000b0",
          AvailabilityZone: "eu-west-1b",
          InstanceState: { Name: "stopped" },
          SystemStatus: { Status: "not-applicable" },
          InstanceStatus: { Status: "not-applicable" },
        }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstanceStatus] });
  try {
    const out = await callOk(client, "ec2_describe_instance_status", {
      instance_ids: ["i-000000000000000a0", "i-000000000000000b0"],
      include_all: true,
    });
    deepEqual(out.instances, [
      {
        instance_id: "i-000000000000000a0",
        zone: "eu-west-1a",
        state: "running",
        system_status: "ok",
        instance_status: "ok",
      },
      {
        instance_id: "i-000000000000000b0",
        zone: "eu-west-1b",
        state: "stopped",
        system_status: "not-applicable",
        instance_status: "not-applicable",
      },
    ]);
    deepEqual(aws.calls[0]?.input, {
      InstanceIds: ["i-000000000000000a0", "i-000000000000000b0"],
      IncludeAllInstances: true,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instance_status names malformed ids and a non-boolean include_all", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeInstanceStatus],
  });
  try {
    const bad = await call(client, "ec2_describe_instance_status", {
      instance_ids: ["web-1"],
      include_all: "yes",
    });
    equal(bad.isError, true);
    match(text(bad), /instance_ids\.0: expected an id like i-0123456789abcdef0/);
    match(text(bad), /include_all: .*boolean/);
  } finally {
    await close();
  }
});
