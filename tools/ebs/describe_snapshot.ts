import { z } from "zod";
import { errorLine } from "../../aws/errors.ts";
import { prune } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { findSnapshot } from "./_snapshot.ts";
import { snapshotId } from "../../schemas/ids.ts";

// One line for a lookup that failed, so the rest of the answer still reaches the model.
function unavailable(what: string, err: unknown): string {
  return `${what} unavailable: ${errorLine(err).slice(0, 200)}`;
}

/** `ebs_describe_snapshot`: one snapshot in the AWS shape, who may create volumes from it, FSR. */
export const describeSnapshot = defineTool({
  name: "ebs_describe_snapshot",
  toolset: "ebs_snapshots",
  title: "Describe an EBS snapshot",
  description:
    "One EBS snapshot in the AWS shape (pruned), its create-volume permissions (Group all = public; UserId = shared) and its fast snapshot restore state per zone. Lookups that fail are named in notes.",
  access: "read",
  idempotent: true,
  iam: [
    "ec2:DescribeSnapshots",
    "ec2:DescribeSnapshotAttribute",
    "ec2:DescribeFastSnapshotRestores",
  ],
  input: z.object({ snapshot_id: snapshotId }),
  output: z.object({
    snapshot: z.record(z.string(), z.unknown()),
    create_volume_permissions: z.array(z.record(z.string(), z.unknown())).optional(),
    fast_snapshot_restores: z.array(z.record(z.string(), z.unknown())).optional(),
    notes: z.array(z.string()).optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const id = args.snapshot_id;
    const [snapshot, permissions, restores] = await Promise.allSettled([
      findSnapshot(ec2, id, ctx.region),
      ec2.describeSnapshotAttribute({ SnapshotId: id, Attribute: "createVolumePermission" }),
      // Not every region or emulator supports fast snapshot restore: tolerated, and noted.
      ec2.describeFastSnapshotRestores({ Filters: [{ Name: "snapshot-id", Values: [id] }] }),
    ]);
    if (snapshot.status === "rejected") throw snapshot.reason;
    const notes: string[] = [];
    const out: {
      snapshot: Record<string, unknown>;
      create_volume_permissions?: Record<string, unknown>[];
      fast_snapshot_restores?: Record<string, unknown>[];
    } = { snapshot: (prune(snapshot.value) ?? {}) as Record<string, unknown> };
    if (permissions.status === "fulfilled") {
      // An empty list is an answer (private to the owner), so it is kept rather than pruned.
      out.create_volume_permissions =
        (prune(permissions.value.CreateVolumePermissions) ?? []) as Record<string, unknown>[];
    } else notes.push(unavailable("create_volume_permissions", permissions.reason));
    if (restores.status === "fulfilled") {
      out.fast_snapshot_restores = (prune(restores.value.FastSnapshotRestores) ?? []) as Record<
        string,
        unknown
      >[];
    } else notes.push(unavailable("fast_snapshot_restores", restores.reason));
    return { ...out, ...(notes.length ? { notes } : {}) };
  },
});
