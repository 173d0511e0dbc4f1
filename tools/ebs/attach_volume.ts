import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { instanceId } from "../../schemas/ids.ts";
import { describeInstance } from "../ec2/_instance.ts";
import { defineTool } from "../tool.ts";
import {
  attachmentOutput,
  describeVolume,
  deviceName,
  liveAttachments,
  volumeLabel,
  waitForVolumes,
} from "./_volume.ts";
import { volumeId } from "../../schemas/ids.ts";

/** `ebs_attach_volume`: attaches a volume to an instance in the same zone, optionally waiting. */
export const attachVolume = defineTool({
  name: "ebs_attach_volume",
  toolset: "ebs",
  title: "Attach an EBS volume",
  description:
    "Attach an available volume to an instance in the same zone as device (e.g. /dev/sdf; the OS may rename it, e.g. /dev/nvme1n1). Refused across zones. wait: until attached.",
  access: "write",
  // A repeat is refused (the volume is in use) and changes nothing.
  idempotent: true,
  iam: ["ec2:AttachVolume", "ec2:DescribeVolumes", "ec2:DescribeInstances", "ec2:DescribeTags"],
  input: z.object({
    volume_id: volumeId,
    instance_id: instanceId,
    device: deviceName,
    wait: z.boolean().optional(),
  }),
  output: attachmentOutput,
  async handler(args, ctx) {
    await ctx.guard.requireTag([args.volume_id, args.instance_id]);
    const ec2 = await ctx.aws.client("ec2");
    const [volume, instance] = await Promise.all([
      describeVolume(ec2, args.volume_id),
      describeInstance(ec2, args.instance_id),
    ]);
    const volumeZone = volume.AvailabilityZone;
    const instanceZone = instance.Placement?.AvailabilityZone;
    if (volumeZone && instanceZone && volumeZone !== instanceZone) {
      throw new ToolError(
        "ZoneMismatch",
        `refused: volume ${args.volume_id} is in ${volumeZone} but instance ${args.instance_id} is in ${instanceZone}`,
        `a volume attaches only in its own zone: snapshot it and restore the snapshot in ${instanceZone} (ebs_restore_volume_from_snapshot), or pick an instance in ${volumeZone}`,
      );
    }
    const held = liveAttachments(volume);
    if (held.length && !volume.MultiAttachEnabled) {
      const where = held.map((a) => `${a.InstanceId ?? "?"}${a.Device ? ` as ${a.Device}` : ""}`);
      throw new ToolError(
        "VolumeInUse",
        `refused: ${volumeLabel(volume)} is already attached to ${where.join(", ")}`,
        "detach it first with ebs_detach_volume, or attach another volume",
      );
    }
    const out = await ec2.attachVolume({
      VolumeId: args.volume_id,
      InstanceId: args.instance_id,
      Device: args.device,
      DryRun: ctx.dryRun,
    });
    const attached = {
      volume_id: out.VolumeId ?? args.volume_id,
      instance_id: out.InstanceId ?? args.instance_id,
      device: out.Device ?? args.device,
      ...(out.State ? { state: out.State } : {}),
    };
    if (!args.wait) return attached;
    const { states: _, volumes, ...wait } = await waitForVolumes(
      ctx,
      [args.volume_id],
      "in-use",
      { instanceId: args.instance_id },
    );
    const now = liveAttachments(volumes[args.volume_id] ?? {}).find((a) =>
      a.InstanceId === args.instance_id
    );
    return { ...attached, ...(now?.State ? { state: now.State } : {}), wait };
  },
});
