import type { VolumeModification } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import {
  checkPerformance,
  describeVolume,
  invalidInput,
  positiveInt,
  volumeLabel,
  volumeType,
} from "./_volume.ts";
import { volumeId } from "../../schemas/ids.ts";

function modificationRow(m: VolumeModification | undefined, id: string) {
  return compact({
    volume_id: m?.VolumeId ?? id,
    modification_state: m?.ModificationState,
    progress: m?.Progress,
    status_message: m?.StatusMessage,
    original_size_gib: m?.OriginalSize,
    target_size_gib: m?.TargetSize,
    original_type: m?.OriginalVolumeType,
    target_type: m?.TargetVolumeType,
    original_iops: m?.OriginalIops,
    target_iops: m?.TargetIops,
    original_throughput: m?.OriginalThroughput,
    target_throughput: m?.TargetThroughput,
    start_time: m?.StartTime?.toISOString(),
  });
}

/** `ebs_modify_volume`: grows a volume or changes its type/performance, reporting the modification. */
export const modifyVolume = defineTool({
  name: "ebs_modify_volume",
  toolset: "ebs",
  title: "Modify an EBS volume",
  description:
    "Grow a volume or change its type, iops or throughput, online. Size can only grow; then extend the file system in the OS. Returns the modification state (modifying, optimizing, completed); one change per volume every 6 hours.",
  access: "write",
  // Repeating the same targets changes nothing more (AWS refuses a second change for hours).
  idempotent: true,
  iam: [
    "ec2:ModifyVolume",
    "ec2:DescribeVolumes",
    "ec2:DescribeVolumesModifications",
    "ec2:DescribeTags",
  ],
  input: z.object({
    volume_id: volumeId,
    size_gib: positiveInt.optional(),
    type: volumeType.optional(),
    iops: positiveInt.optional(),
    throughput: positiveInt.optional(),
  }),
  output: z.object({
    volume_id: z.string(),
    modification_state: z.string().optional(),
    progress: z.number().optional(),
    status_message: z.string().optional(),
    original_size_gib: z.number().optional(),
    target_size_gib: z.number().optional(),
    original_type: z.string().optional(),
    target_type: z.string().optional(),
    original_iops: z.number().optional(),
    target_iops: z.number().optional(),
    original_throughput: z.number().optional(),
    target_throughput: z.number().optional(),
    start_time: z.string().optional(),
  }),
  async handler(args, ctx) {
    const { volume_id, ...changes } = args;
    if (Object.values(changes).every((v) => v === undefined)) {
      throw new ToolError(
        "InvalidInput",
        "nothing to change: give at least one of size_gib, type, iops, throughput",
        "pass the settings to change and retry",
      );
    }
    await ctx.guard.requireTag([volume_id]);
    const ec2 = await ctx.aws.client("ec2");
    const volume = await describeVolume(ec2, volume_id);
    if (args.size_gib !== undefined && volume.Size !== undefined && args.size_gib < volume.Size) {
      throw invalidInput(
        "size_gib",
        `${args.size_gib} is smaller than the current ${volume.Size} GiB of ${
          volumeLabel(volume)
        }; EBS volumes can only grow`,
      );
    }
    const type = args.type ?? volume.VolumeType;
    if (type) checkPerformance(type, args.iops, args.throughput);
    const out = await ec2.modifyVolume(compact({
      VolumeId: volume_id,
      Size: args.size_gib,
      VolumeType: args.type,
      Iops: args.iops,
      Throughput: args.throughput,
      DryRun: ctx.dryRun,
    }));
    // DescribeVolumesModifications is where AWS reports how the change is progressing.
    let latest = out.VolumeModification;
    try {
      const seen = await ec2.describeVolumesModifications({ VolumeIds: [volume_id] });
      const newest = (seen.VolumesModifications ?? [])
        .sort((a, b) => (b.StartTime?.getTime() ?? 0) - (a.StartTime?.getTime() ?? 0))[0];
      if (newest) latest = newest;
    } catch (err) {
      // ModifyVolume succeeded; its own answer still says what is happening.
      if (!latest) throw err;
    }
    return modificationRow(latest, volume_id);
  },
});
