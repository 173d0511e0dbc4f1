import { deepEqual, equal, match } from "node:assert/strict";
import type { CallToolResult } from "../../server/mcp.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { createSnapshot } from "./create_snapshot.ts";

const VOLUME = "vol-0123456789abcdef0";
const SNAP = "snap-0123456789abcdef0";
const START = new Date("2026-03-04T05:06:07.000Z");
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

Deno.test("ebs_create_snapshot checks the volume's tag and tags the new snapshot", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({ Tags: [{ ResourceId: VOLUME, Key: "owner", Value: "agent" }] }),
      createSnapshot: () => ({
        SnapshotId: SNAP,
        VolumeId: VOLUME,
        State: "pending",
        Progress: "",
        VolumeSize: 8,
        StartTime: START,
      }),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createSnapshot] });
  try {
    const out = await callOk(client, "ebs_create_snapshot", {
      volume_id: VOLUME,
      description: "before upgrade",
      tags: { app: "web" },
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      snapshot_id: SNAP,
      volume_id: VOLUME,
      state: "pending",
      size_gib: 8,
      started: "2026-03-04T05:06:07.000Z",
    });
    const tags = [{ Key: "app", Value: "web" }, { Key: "owner", Value: "agent" }];
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeTags", { Filters: [{ Name: "resource-id", Values: [VOLUME] }], MaxResults: 1000 }],
      ["createSnapshot", {
        VolumeId: VOLUME,
        Description: "before upgrade",
        TagSpecifications: [{ ResourceType: "snapshot", Tags: tags }],
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_create_snapshot refuses a volume without the required tag, creating nothing", async () => {
  const aws = stubAws({ ec2: { describeTags: () => ({ Tags: [] }) } });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createSnapshot] });
  try {
    const result = await call(client, "ebs_create_snapshot", { volume_id: VOLUME });
    match(text(result), new RegExp(`^RequiredTagMissing: refused: ${VOLUME} does not carry`));
    equal(aws.calls.some((c) => c.method === "createSnapshot"), false);
  } finally {
    await close();
  }
});

Deno.test("ebs_create_snapshot wait reports the snapshot's percentage as progress of 100", async () => {
  const answers = [
    { State: "pending", Progress: "40%" },
    { State: "pending", Progress: "90%" },
    { State: "completed", Progress: "100%" },
  ];
  const aws = stubAws({
    ec2: {
      createSnapshot: () => ({ SnapshotId: SNAP, VolumeId: VOLUME, State: "pending" }),
      describeSnapshots: () => ({ Snapshots: [{ SnapshotId: SNAP, ...answers.shift() }] }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createSnapshot],
    waitIntervalMs: 1,
  });
  try {
    const progress: [number, number | undefined, string | undefined][] = [];
    const result = await client.callTool(
      { name: "ebs_create_snapshot", arguments: { volume_id: VOLUME, wait: true } },
      undefined,
      { onprogress: (p) => progress.push([p.progress, p.total, p.message]) },
    ) as CallToolResult;
    deepEqual(progress, [
      [40, 100, `0/1 completed; ${SNAP}: pending 40%`],
      [90, 100, `0/1 completed; ${SNAP}: pending 90%`],
      [100, 100, "1/1 completed"],
    ]);
    const out = result.structuredContent as Record<string, unknown>;
    equal(out.state, "completed");
    equal(out.progress, 100);
    equal((out.wait as { done: boolean }).done, true);
    deepEqual(aws.calls.at(-1)?.input, { Filters: [{ Name: "snapshot-id", Values: [SNAP] }] });
  } finally {
    await close();
  }
});

Deno.test("ebs_create_snapshot wait ends with an error naming a snapshot that failed", async () => {
  const aws = stubAws({
    ec2: {
      createSnapshot: () => ({ SnapshotId: SNAP, VolumeId: VOLUME, State: "pending" }),
      describeSnapshots: () => ({
        Snapshots: [{ SnapshotId: SNAP, State: "error", StateMessage: "internal failure" }],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createSnapshot],
    waitIntervalMs: 1,
  });
  try {
    const result = await call(client, "ebs_create_snapshot", { volume_id: VOLUME, wait: true });
    equal(
      text(result),
      `SnapshotFailed: snapshot ${SNAP} failed: internal failure — delete it (ebs_delete_snapshot) and start a new one`,
    );
  } finally {
    await close();
  }
});

Deno.test("ebs_create_snapshot dry run passes DryRun and reports AWS's answer", async () => {
  const aws = stubAws({
    ec2: {
      createSnapshot: (input: { DryRun?: boolean }) => {
        throw dryRunError(input.DryRun ? "DryRunOperation" : "Unexpected");
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createSnapshot],
  });
  try {
    const out = await callOk(client, "ebs_create_snapshot", {
      volume_id: VOLUME,
      wait: true,
      dry_run: true,
    });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["createSnapshot", { VolumeId: VOLUME, DryRun: true }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_create_snapshot names a malformed volume id and an overlong description", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory: [createSnapshot],
  });
  try {
    const bad = await call(client, "ebs_create_snapshot", { volume_id: "vol-12" });
    match(text(bad), /^InvalidInput: volume_id: expected an id like vol-0123456789abcdef0/);
    const long = await call(client, "ebs_create_snapshot", {
      volume_id: VOLUME,
      description: "x".repeat(256),
    });
    match(text(long), /^InvalidInput: description: Too big/);
    const tags = await call(client, "ebs_create_snapshot", {
      volume_id: VOLUME,
      tags: { "aws:x": "1" },
    });
    match(text(tags), /^InvalidInput: tags: keys starting with aws: are reserved/);
  } finally {
    await close();
  }
});
