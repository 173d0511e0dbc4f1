import type { EC2, Snapshot } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { quoted } from "../../schemas/sanitize.ts";
import { nameTag } from "../../schemas/tags.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import { findSnapshot, imagesUsing, shortTime } from "./_snapshot.ts";
import { snapshotId } from "../../schemas/ids.ts";

// Refuses, naming the AMIs, while any AMI of this account is built on the snapshot.
async function assertUnused(ec2: EC2, id: string): Promise<void> {
  const images = await imagesUsing(ec2, id);
  if (images.length) {
    throw new ToolError(
      "InvalidSnapshot.InUse",
      `snapshot ${id} is used by AMI ${images.join(", ")}`,
      "deregister those AMIs first (ec2_deregister_ami), then delete the snapshot",
    );
  }
}

// The checks both the question and the deletion make: tag rule, existence, no AMI using it.
async function checked(id: string, ctx: ToolContext): Promise<Snapshot> {
  await ctx.guard.requireTag([id]);
  const ec2 = await ctx.aws.client("ec2");
  const snapshot = await findSnapshot(ec2, id, ctx.region);
  await assertUnused(ec2, id);
  return snapshot;
}

/** `ebs_delete_snapshot`: deletes a snapshot no AMI uses, after the human confirms. */
export const deleteSnapshot = defineTool({
  name: "ebs_delete_snapshot",
  toolset: "ebs_snapshots",
  title: "Delete an EBS snapshot",
  description:
    "Permanently delete an EBS snapshot. Refused, naming the AMIs, while an AMI of this account uses it (deregister them first). Asks the user to confirm. Volumes created from it are unaffected.",
  access: "destructive",
  idempotent: true,
  iam: ["ec2:DeleteSnapshot", "ec2:DescribeSnapshots", "ec2:DescribeImages", "ec2:DescribeTags"],
  input: z.object({ snapshot_id: snapshotId }),
  output: z.object({ deleted_snapshot_id: z.string() }),
  async guards(args, ctx) {
    await checked(args.snapshot_id, ctx);
  },
  async confirm(args, ctx) {
    const s = await findSnapshot(await ctx.aws.client("ec2"), args.snapshot_id, ctx.region);
    const name = nameTag(s.Tags);
    const about = [
      name ? quoted(name) : undefined,
      s.VolumeId,
      s.VolumeSize === undefined ? undefined : `${s.VolumeSize} GiB`,
      shortTime(s.StartTime),
    ].filter(Boolean).join(", ");
    return `Delete snapshot ${args.snapshot_id}${about ? ` (${about})` : ""}`;
  },
  async handler(args, ctx) {
    // Checked again: an AMI may have been registered from it while the human was deciding.
    await checked(args.snapshot_id, ctx);
    const ec2 = await ctx.aws.client("ec2");
    await ec2.deleteSnapshot({ SnapshotId: args.snapshot_id, DryRun: ctx.dryRun });
    return { deleted_snapshot_id: args.snapshot_id };
  },
});
