import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getSnapshotProgress } from "./get_snapshot_progress.ts";

const SNAP_A = "snap-0123456789abcdef0";
const SNAP_B = "snap-0123456789abcdef1";
const SNAP_C = "snap-0123456789abcdef2";
const GONE = "snap-0123456789abcdef9";

Deno.test("ebs_get_snapshot_progress gives state, percent, start and elapsed, and names unknown ids", async () => {
  const started = new Date(Date.now() - 125_000);
  const aws = stubAws({
    ec2: {
      describeSnapshots: () => ({
        Snapshots: [
          {
            SnapshotId: SNAP_B,
            State: "completed",
            Progress: "100%",
            StartTime: new Date("2026-01-01T00:00:00.000Z"),
            CompletionTime: new Date("2026-01-01T01:02:00.000Z"),
          },
          { SnapshotId: SNAP_A, State: "pending", Progress: "42%", StartTime: started },
          { SnapshotId: SNAP_C, State: "error", StateMessage: "volume detached", Progress: "3%" },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getSnapshotProgress] });
  try {
    const out = await callOk<{ snapshots: Record<string, unknown>[]; not_found?: string[] }>(
      client,
      "ebs_get_snapshot_progress",
      { snapshot_ids: [SNAP_A, SNAP_B, SNAP_C, GONE, SNAP_A] },
    );
    match(String(out.snapshots[0]?.elapsed), /^2m 0[5-7]s$/);
    deepEqual(out.snapshots, [
      {
        id: SNAP_A,
        state: "pending",
        progress: 42,
        started: started.toISOString(),
        elapsed: out.snapshots[0]?.elapsed,
      },
      {
        id: SNAP_B,
        state: "completed",
        progress: 100,
        started: "2026-01-01T00:00:00.000Z",
        elapsed: "1h 02m",
      },
      { id: SNAP_C, state: "error", progress: 3, message: "volume detached" },
    ]);
    deepEqual(out.not_found, [GONE]);
    deepEqual(aws.calls.map((c) => c.input), [{
      Filters: [{ Name: "snapshot-id", Values: [SNAP_A, SNAP_B, SNAP_C, GONE] }],
    }]);
  } finally {
    await close();
  }
});

Deno.test("ebs_get_snapshot_progress takes 1 to 50 well-formed ids", async () => {
  const aws = stubAws({ ec2: { describeSnapshots: () => ({ Snapshots: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [getSnapshotProgress] });
  try {
    const empty = await call(client, "ebs_get_snapshot_progress", { snapshot_ids: [] });
    match(text(empty), /^InvalidInput: snapshot_ids: Too small/);
    const many = await call(client, "ebs_get_snapshot_progress", {
      snapshot_ids: Array.from({ length: 51 }, () => SNAP_A),
    });
    match(text(many), /^InvalidInput: snapshot_ids: Too big/);
    const bad = await call(client, "ebs_get_snapshot_progress", { snapshot_ids: ["snap-?"] });
    match(text(bad), /^InvalidInput: snapshot_ids\.0: expected an id like snap-/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
