import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { instanceId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import {
  attachmentOutput,
  describeVolume,
  deviceName,
  invalidInput,
  liveAttachments,
  volumeLabel,
  waitForVolumes,
} from "./_volume.ts";
import { volumeId } from "../../schemas/ids.ts";

/** `ebs_detach_volume`: detaches a volume from its instance, optionally forced and waiting. */
export const detachVolume = defineTool({
  name: "ebs_detach_volume",
  toolset: "ebs",
  title: "Detach an EBS volume",
  description:
    "Detach a volume from its instance (instance_id needed only for multi-attach volumes). Unmount it in the OS first. force skips that and may lose data; it needs destructive mode. wait: until available.",
  access: "write",
  // A repeat finds the volume detached and is refused, changing nothing.
  idempotent: true,
  iam: ["ec2:DetachVolume", "ec2:DescribeVolumes", "ec2:DescribeTags"],
  input: z.object({
    volume_id: volumeId,
    instance_id: instanceId.optional(),
    device: deviceName.optional(),
    force: z.boolean().optional(),
    wait: z.boolean().optional(),
  }),
  output: attachmentOutput,
  async handler(args, ctx) {
    if (args.force) ctx.guard.requireMode("destructive", "force");
    const ec2 = await ctx.aws.client("ec2");
    const volume = await describeVolume(ec2, args.volume_id);
    const held = liveAttachments(volume);
    if (!held.length) {
      throw new ToolError(
        "IncorrectState",
        `${volumeLabel(volume)} is not attached (state ${volume.State ?? "unknown"})`,
        "nothing to detach; list attached volumes with ebs_describe_volumes",
      );
    }
    const mine = args.instance_id ? held.filter((a) => a.InstanceId === args.instance_id) : held;
    const instances = held.map((a) => a.InstanceId ?? "?").join(", ");
    if (!mine.length) {
      throw new ToolError(
        "InvalidAttachment.NotFound",
        `${args.volume_id} is not attached to ${args.instance_id}; it is attached to ${instances}`,
        "pass the instance it is attached to, or leave instance_id out",
      );
    }
    if (mine.length > 1) {
      throw invalidInput(
        "instance_id",
        `${args.volume_id} is attached to ${instances}; say which one to detach from`,
      );
    }
    // Known to exist: mine has exactly one attachment here.
    const attachment = mine[0]!;
    if (args.device && attachment.Device && args.device !== attachment.Device) {
      throw invalidInput(
        "device",
        `${args.volume_id} is attached as ${attachment.Device}, not ${args.device}`,
      );
    }
    const instance = attachment.InstanceId ?? args.instance_id ?? "";
    await ctx.guard.requireTag([args.volume_id, instance]);
    if (args.force) {
      await ctx.guard.confirm(`Force-detach ${args.volume_id} from ${instance} (data may be lost)`);
    }
    const out = await ec2.detachVolume({
      VolumeId: args.volume_id,
      // Always named, though AWS infers it: some emulators (moto) fail without it.
      InstanceId: instance,
      ...(args.device ? { Device: args.device } : {}),
      ...(args.force ? { Force: true } : {}),
      DryRun: ctx.dryRun,
    });
    const detached = {
      volume_id: out.VolumeId ?? args.volume_id,
      instance_id: out.InstanceId ?? instance,
      ...(out.Device ?? attachment.Device ? { device: out.Device ?? attachment.Device } : {}),
      ...(out.State ? { state: out.State } : {}),
    };
    if (!args.wait) return detached;
    const { states: _, volumes: __, ...wait } = await waitForVolumes(
      ctx,
      [args.volume_id],
      "available",
      { instanceId: instance },
    );
    return { ...detached, ...(wait.done ? { state: "detached" } : {}), wait };
  },
});
