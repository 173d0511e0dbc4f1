import type { Volume } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { nameTag } from "../../schemas/tags.ts";
import { waitOutcome } from "../ec2/_instance_state.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import { describeVolume, liveAttachments, volumeLabel, waitForVolumes } from "./_volume.ts";
import { volumeId } from "../../schemas/ids.ts";

/**
 * The volume, after checking that no instance holds it: AWS would refuse with a bare
 * VolumeInUse, and the human should not be asked about a deletion that cannot happen.
 */
async function deletableVolume(id: string, ctx: ToolContext): Promise<Volume> {
  const volume = await describeVolume(await ctx.aws.client("ec2"), id);
  const held = liveAttachments(volume);
  if (held.length || volume.State === "in-use") {
    const where = held.map((a) => `${a.InstanceId ?? "?"}${a.Device ? ` as ${a.Device}` : ""}`);
    throw new ToolError(
      "VolumeInUse",
      `refused: ${volumeLabel(volume)} is attached to ${where.join(", ") || "an instance"}`,
      "detach it first with ebs_detach_volume (and check nothing on it is still needed)",
    );
  }
  return volume;
}

/** `ebs_delete_volume`: deletes an unattached volume after the human confirms. */
export const deleteVolume = defineTool({
  name: "ebs_delete_volume",
  toolset: "ebs",
  title: "Delete an EBS volume",
  description:
    "Permanently delete an EBS volume and its data (snapshots are kept). Refused while attached: detach it first. Asks the user to confirm. wait: until gone.",
  access: "destructive",
  idempotent: true,
  iam: ["ec2:DeleteVolume", "ec2:DescribeVolumes", "ec2:DescribeTags"],
  input: z.object({ volume_id: volumeId, wait: z.boolean().optional() }),
  output: z.object({
    deleted_volume_id: z.string(),
    name: z.string().optional(),
    size_gib: z.number().optional(),
    type: z.string().optional(),
    zone: z.string().optional(),
    wait: waitOutcome.optional(),
  }),
  async guards(args, ctx) {
    await ctx.guard.requireTag([args.volume_id]);
    await deletableVolume(args.volume_id, ctx);
  },
  async confirm(args, ctx) {
    const volume = await describeVolume(await ctx.aws.client("ec2"), args.volume_id);
    return `Delete volume ${volumeLabel(volume)}`;
  },
  async handler(args, ctx) {
    await ctx.guard.requireTag([args.volume_id]);
    const volume = await deletableVolume(args.volume_id, ctx);
    const ec2 = await ctx.aws.client("ec2");
    await ec2.deleteVolume({ VolumeId: args.volume_id, DryRun: ctx.dryRun });
    const name = nameTag(volume.Tags);
    const deleted = {
      deleted_volume_id: args.volume_id,
      ...(name ? { name } : {}),
      ...(volume.Size !== undefined ? { size_gib: volume.Size } : {}),
      ...(volume.VolumeType ? { type: volume.VolumeType } : {}),
      ...(volume.AvailabilityZone ? { zone: volume.AvailabilityZone } : {}),
    };
    if (!args.wait) return deleted;
    const { states: _, volumes: __, ...wait } = await waitForVolumes(
      ctx,
      [args.volume_id],
      "deleted",
    );
    return { ...deleted, wait };
  },
});
