import { z } from "zod";
import { defineTool } from "../tool.ts";
import { createVolumeFrom, volumeOutput, volumeSpec } from "./_volume.ts";
import { readFrom, snapshotId } from "../../schemas/ids.ts";

/** `ebs_restore_volume_from_snapshot`: a new volume holding a snapshot's data, in any zone. */
export const restoreVolumeFromSnapshot = defineTool({
  name: "ebs_restore_volume_from_snapshot",
  toolset: "ebs_snapshots",
  title: "Restore an EBS volume from a snapshot",
  description:
    "Restore a snapshot to a new volume in any zone; size_gib defaults to the snapshot's and may only grow. wait: until available.",
  access: "write",
  // Every call creates another volume.
  idempotent: false,
  verify: "ebs_describe_volumes",
  iam: [
    "ec2:CreateVolume",
    "ec2:CreateTags",
    "ec2:DescribeSnapshots",
    "ec2:DescribeVolumes",
    "ec2:DescribeTags",
  ],
  input: z.object({ snapshot_id: readFrom(snapshotId), ...volumeSpec }),
  output: volumeOutput,
  handler: (args, ctx) => createVolumeFrom(ctx, args),
});
