import { z } from "zod";
import { defineTool } from "../tool.ts";
import { createVolumeFrom, volumeOutput, volumeSpec } from "./_volume.ts";
import { readFrom, snapshotId } from "../../schemas/ids.ts";

/** `ebs_create_volume`: a new EBS volume in one zone, optionally from a snapshot, tagged. */
export const createVolume = defineTool({
  name: "ebs_create_volume",
  toolset: "ebs",
  title: "Create an EBS volume",
  description:
    "Create an EBS volume in a zone from size_gib or snapshot_id. iops: gp3/io1/io2; throughput: gp3. wait: until available.",
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
  input: z.object({ ...volumeSpec, snapshot_id: readFrom(snapshotId).optional() }),
  output: volumeOutput,
  handler: (args, ctx) => createVolumeFrom(ctx, args),
});
