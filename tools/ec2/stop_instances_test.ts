import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { stopInstances } from "./stop_instances.ts";

const A = "i-0123456789abcdef0";
const inventory = [stopInstances];
const stopping = {
  StoppingInstances: [{
    InstanceId: A,
    PreviousState: { Code: 16, Name: "running" },
    CurrentState: { Code: 64, Name: "stopping" },
  }],
};

Deno.test("ec2_stop_instances sends StopInstances with DryRun and returns the state change", async () => {
  const aws = stubAws({ ec2: { stopInstances: () => stopping } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_stop_instances", { instance_ids: [A] });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["stopInstances", { InstanceIds: [A], DryRun: false }],
    ]);
    deepEqual(out.instances, [
      { instance_id: A, previous_state: "running", current_state: "stopping" },
    ]);
    equal(out.wait, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_stop_instances passes hibernate, and force in destructive mode", async () => {
  const aws = stubAws({ ec2: { stopInstances: () => stopping } });
  const { client, close } = await connect({ allowDestructive: true, waiveConfirmation: true }, {
    aws,
    inventory,
  });
  try {
    await callOk(client, "ec2_stop_instances", { instance_ids: [A], hibernate: true });
    await callOk(client, "ec2_stop_instances", { instance_ids: [A], force: true, dry_run: false });
    await callOk(client, "ec2_stop_instances", { instance_ids: [A], force: false });
    deepEqual(aws.calls.map((c) => c.input), [
      { InstanceIds: [A], Hibernate: true, DryRun: false },
      { InstanceIds: [A], Force: true, DryRun: false },
      { InstanceIds: [A], DryRun: false },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_stop_instances refuses force without destructive mode, before calling AWS", async () => {
  const aws = stubAws({ ec2: { stopInstances: () => stopping } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (const dry_run of [false, true]) {
      const refused = await call(client, "ec2_stop_instances", {
        instance_ids: [A],
        force: true,
        dry_run,
      });
      equal(refused.isError, true);
      equal(
        text(refused),
        "ModeRequired: force needs destructive mode — the operator must start the server with --allow-destructive; call again without it",
      );
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ec2_stop_instances with wait polls DescribeInstances until stopped", async () => {
  const polls = ["stopping", "stopped"];
  const aws = stubAws({
    ec2: {
      stopInstances: () => stopping,
      describeInstances: () => ({
        Reservations: [{
          Instances: [{ InstanceId: A, State: { Name: polls.shift() ?? "stopped" } }],
        }],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const out = await callOk(client, "ec2_stop_instances", { instance_ids: [A], wait: true });
    deepEqual(out.instances, [
      { instance_id: A, previous_state: "running", current_state: "stopped" },
    ]);
    deepEqual(
      { ...(out.wait as object), waited_ms: 0 },
      { done: true, message: "1/1 stopped", waited_ms: 0 },
    );
    equal(aws.calls.filter((c) => c.method === "describeInstances").length, 2);
  } finally {
    await close();
  }
});

Deno.test("ec2_stop_instances names a non-boolean hibernate and a malformed id", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const bad = await call(client, "ec2_stop_instances", {
      instance_ids: ["vol-0123456789abcdef0"],
      hibernate: "yes",
    });
    equal(bad.isError, true);
    match(text(bad), /instance_ids\.0: expected an id like i-0123456789abcdef0/);
    match(text(bad), /hibernate: Invalid input: expected boolean/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
