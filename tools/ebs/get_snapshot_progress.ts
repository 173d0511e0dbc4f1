import { z } from "zod";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { formatDuration, percent } from "./_snapshot.ts";
import { snapshotId } from "../../schemas/ids.ts";

const progressRow = z.object({
  id: z.string(),
  state: z.string(),
  progress: z.number().optional(),
  started: z.string().optional(),
  elapsed: z.string().optional(),
  message: z.string().optional(),
});

/** `ebs_get_snapshot_progress`: how far pending snapshots have come, and how long they took. */
export const getSnapshotProgress = defineTool({
  name: "ebs_get_snapshot_progress",
  toolset: "ebs_snapshots",
  title: "Get EBS snapshot progress",
  description:
    "State, progress %, start time and elapsed time (until now, or until completion when AWS reports it) of up to 50 snapshots, e.g. after ebs_create_snapshot or ebs_copy_snapshot. Unknown ids are listed in not_found.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSnapshots"],
  input: z.object({ snapshot_ids: z.array(snapshotId).min(1).max(50) }),
  output: z.object({
    snapshots: z.array(progressRow),
    not_found: z.array(z.string()).optional(),
  }),
  async handler(args, ctx) {
    const ids = [...new Set(args.snapshot_ids)];
    const ec2 = await ctx.aws.client("ec2");
    // A filter rather than SnapshotIds, which fails the whole call for one unknown id.
    const out = await ec2.describeSnapshots({
      Filters: [{ Name: "snapshot-id", Values: ids }],
    });
    const found = new Map((out.Snapshots ?? []).map((s) => [s.SnapshotId ?? "", s]));
    const now = Date.now();
    const snapshots = ids.flatMap((id) => {
      const s = found.get(id);
      if (!s) return [];
      const start = s.StartTime?.getTime();
      const end = s.State === "pending" ? now : s.CompletionTime?.getTime();
      return [compact({
        id,
        state: s.State ?? "unknown",
        progress: percent(s.Progress),
        started: s.StartTime?.toISOString(),
        elapsed: start !== undefined && end !== undefined ? formatDuration(end - start) : undefined,
        message: s.StateMessage,
      })];
    });
    const missing = ids.filter((id) => !found.has(id));
    return { snapshots, ...(missing.length ? { not_found: missing } : {}) };
  },
});
