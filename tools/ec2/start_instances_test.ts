import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { startInstances } from "./start_instances.ts";

const A = "i-0123456789abcdef0";
const B = "i-0123456789abcdef1";
const inventory = [startInstances];
const change = (id: string, previous: string, current: string) => ({
  InstanceId: id,
  PreviousState: { Code: 80, Name: previous },
  CurrentState: { Code: 0, Name: current },
});
const reservation = (states: Record<string, string>) => ({
  Reservations: [{
    Instances: Object.entries(states).map(([InstanceId, Name]) => ({
      InstanceId,
      State: { Name },
    })),
  }],
});

Deno.test("ec2_start_instances sends StartInstances with DryRun and returns states in the caller's order", async () => {
  const aws = stubAws({
    ec2: {
      startInstances: () => ({
        StartingInstances: [change(B, "running", "running"), change(A, "stopped", "pending")],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_start_instances", {
      instance_ids: [A, B],
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["startInstances", { InstanceIds: [A, B], DryRun: false }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instances: [
        { instance_id: A, previous_state: "stopped", current_state: "pending" },
        { instance_id: B, previous_state: "running", current_state: "running" },
      ],
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_start_instances with wait polls until running, with progress, and reports final states", async () => {
  const polls = [{ [A]: "pending" }, { [A]: "running" }];
  const aws = stubAws({
    ec2: {
      startInstances: () => ({ StartingInstances: [change(A, "stopped", "pending")] }),
      describeInstances: () => reservation(polls.shift() ?? { [A]: "running" }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const progress: string[] = [];
    const result = await client.callTool(
      { name: "ec2_start_instances", arguments: { instance_ids: [A], wait: true } },
      undefined,
      { onprogress: (p) => progress.push(`${p.progress}:${p.message}`) },
    );
    const out = result.structuredContent as Record<string, unknown>;
    deepEqual(out.instances, [
      { instance_id: A, previous_state: "stopped", current_state: "running" },
    ]);
    equal((out.wait as { done: boolean }).done, true);
    equal((out.wait as { message: string }).message, "1/1 running");
    deepEqual(progress, [`1:0/1 running; ${A}: pending`, "2:1/1 running"]);
    deepEqual(aws.calls.slice(1).map((c) => c.input), [{ InstanceIds: [A] }, {
      InstanceIds: [A],
    }]);
  } finally {
    await close();
  }
});

Deno.test("ec2_start_instances dry_run passes DryRun: true and reports would-succeed", async () => {
  const aws = stubAws({
    ec2: {
      startInstances: () => {
        throw Object.assign(new Error("Request would have succeeded, but DryRun flag is set."), {
          name: "DryRunOperation",
          $fault: "client",
        });
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_start_instances", { instance_ids: [A], dry_run: true });
    deepEqual(aws.calls[0]?.input, { InstanceIds: [A], DryRun: true });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    equal(out.instances, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_start_instances names a malformed id, an empty list and more than 50 ids", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (
      const [ids, expected] of [
        [["i-xyz"], /instance_ids\.0: expected an id like i-0123456789abcdef0/],
        [[], /instance_ids: Too small/],
        [Array(51).fill(A), /instance_ids: Too big/],
      ] as const
    ) {
      const bad = await call(client, "ec2_start_instances", { instance_ids: ids });
      equal(bad.isError, true);
      match(text(bad), expected);
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
