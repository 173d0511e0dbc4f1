import type { EC2, Snapshot } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import type { WaitOutcome } from "../../aws/wait.ts";
import type { ToolContext } from "../tool.ts";

/** Snapshot states DescribeSnapshots reports and filters on. */
export const SNAPSHOT_STATES = [
  "pending",
  "completed",
  "error",
  "recoverable",
  "recovering",
] as const;

/** A snapshot description as AWS accepts it (at most 255 characters). */
export const snapshotDescription = z.string().min(1).max(255);

/** The percentage in a snapshot's `Progress` ("45%"), or undefined when AWS gives none. */
export function percent(progress: string | undefined): number | undefined {
  const match = /^\s*(\d{1,3})(?:\.\d+)?\s*%?\s*$/.exec(progress ?? "");
  return match ? Math.min(100, Number(match[1])) : undefined;
}

/** A duration for people and models: "45s", "3m 05s", "2h 03m". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** A snapshot's start time as the confirmation line shows it: "2026-01-02 03:04 UTC". */
export function shortTime(date: Date | undefined): string | undefined {
  return date ? `${date.toISOString().slice(0, 16).replace("T", " ")} UTC` : undefined;
}

/** One snapshot by id; a missing one is `InvalidSnapshot.NotFound` naming the region. */
export async function findSnapshot(ec2: EC2, id: string, region: string): Promise<Snapshot> {
  const out = await ec2.describeSnapshots({ SnapshotIds: [id] });
  const snapshot = out.Snapshots?.find((s) => s.SnapshotId === id);
  if (!snapshot) {
    throw new ToolError(
      "InvalidSnapshot.NotFound",
      `snapshot ${id} does not exist in ${region}`,
      "list snapshots with ebs_list_snapshots, or pass another region",
    );
  }
  return snapshot;
}

/** The ids of this account's AMIs built on a snapshot (AWS refuses to delete it while any is). */
export async function imagesUsing(ec2: EC2, id: string): Promise<string[]> {
  const out = await ec2.describeImages({
    Owners: ["self"],
    Filters: [{ Name: "block-device-mapping.snapshot-id", Values: [id] }],
  });
  return (out.Images ?? []).flatMap((i) => i.ImageId ? [i.ImageId] : []).sort();
}

/** The state of one snapshot after a wait. */
export interface SnapshotProgress {
  state: string;
  progress?: number;
}

/** Waits until every snapshot is completed, reporting the lowest percentage as progress of 100. */
export async function waitForSnapshots(
  ctx: ToolContext,
  ids: readonly string[],
  ec2?: EC2,
): Promise<WaitOutcome & { snapshots: Record<string, SnapshotProgress> }> {
  // `ec2` is the client of the snapshots' region when that is not the call's (a copy's target).
  const client = ec2 ?? await ctx.aws.client("ec2");
  let snapshots: Record<string, SnapshotProgress> = {};
  let unseen = 0;
  const outcome = await ctx.wait(async () => {
    // A filter rather than SnapshotIds: a brand-new snapshot can be invisible for a few seconds,
    // which SnapshotIds answers with NotFound.
    const out = await client.describeSnapshots({
      Filters: [{ Name: "snapshot-id", Values: [...ids] }],
    });
    snapshots = Object.fromEntries((out.Snapshots ?? []).map((s) => {
      const p = percent(s.Progress);
      return [s.SnapshotId ?? "", {
        state: s.State ?? "unknown",
        ...(p === undefined ? {} : { progress: p }),
      }];
    }));
    // A failed snapshot never completes: end the wait with an error naming it.
    const failed = (out.Snapshots ?? []).find((s) => s.State === "error");
    if (failed) {
      throw new ToolError(
        "SnapshotFailed",
        `snapshot ${failed.SnapshotId} failed${
          failed.StateMessage ? `: ${failed.StateMessage}` : ""
        }`,
        "delete it (ebs_delete_snapshot) and start a new one",
      );
    }
    const missing = ids.filter((id) => !snapshots[id]);
    if (missing.length && ++unseen > 5) {
      throw new ToolError(
        "InvalidSnapshot.NotFound",
        `snapshot ${missing.join(", ")} is not visible in ${ctx.region}`,
        "check it with ebs_get_snapshot_progress in a moment",
      );
    }
    const done = ids.filter((id) => snapshots[id]?.state === "completed").length;
    const lowest = Math.min(
      ...ids.map((id) => snapshots[id]?.state === "completed" ? 100 : snapshots[id]?.progress ?? 0),
    );
    const label = (id: string) => {
      const now = snapshots[id];
      return now ? `${id}: ${now.state} ${now.progress ?? 0}%` : `${id}: not visible yet`;
    };
    const lagging = ids.filter((id) => snapshots[id]?.state !== "completed").slice(0, 3).map(label);
    return {
      done: done === ids.length,
      message: `${done}/${ids.length} completed${lagging.length ? `; ${lagging.join(", ")}` : ""}`,
      percent: lowest,
    };
  });
  return { ...outcome, snapshots };
}
