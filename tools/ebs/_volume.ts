/**
 * Shared pieces of the EBS tools: id schemas, the compact volume row, lookups, creation (new or
 * from a snapshot) and a bounded wait for volume states. Snapshot tools may import these; the
 * exports are kept stable.
 */
import type { EC2, Volume } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import type { WaitOutcome } from "../../aws/wait.ts";
import { compact } from "../../schemas/compact.ts";
import { quoted } from "../../schemas/sanitize.ts";
import { nameTag, resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "../ec2/_mutation.ts";
import { waitOutcome } from "../ec2/_instance_state.ts";
import type { ToolContext } from "../tool.ts";

/** EBS volume types, newest general-purpose first. */
export const VOLUME_TYPES = ["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"] as const;
/** One EBS volume type. */
export type VolumeType = (typeof VOLUME_TYPES)[number];
/** The `type` input of the volume tools. */
export const volumeType = z.enum(VOLUME_TYPES);

/** Volume types that take provisioned `iops`. */
export const IOPS_TYPES: readonly string[] = ["gp3", "io1", "io2"];
/** Volume types that cannot be created without `iops`. */
export const IOPS_REQUIRED_TYPES: readonly string[] = ["io1", "io2"];
/** Volume types that take provisioned `throughput`. */
export const THROUGHPUT_TYPES: readonly string[] = ["gp3"];

/** The compact row of a volume, shared by every tool that answers with volumes. */
export const volumeRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  size_gib: z.number().optional(),
  type: z.string().optional(),
  iops: z.number().optional(),
  throughput: z.number().optional(),
  encrypted: z.boolean().optional(),
  kms_key_id: z.string().optional(),
  zone: z.string().optional(),
  state: z.string().optional(),
  snapshot_id: z.string().optional(),
  created: z.string().optional(),
  attachment: z.object({
    instance: z.string().optional(),
    device: z.string().optional(),
    state: z.string().optional(),
    delete_on_termination: z.boolean().optional(),
  }).optional(),
});

/** The compact row of one volume (its first attachment only; multi-attach volumes have more). */
export function volumeSummary(v: Volume): z.input<typeof volumeRow> {
  const a = v.Attachments?.[0];
  return compact({
    id: v.VolumeId ?? "",
    name: nameTag(v.Tags),
    size_gib: v.Size,
    type: v.VolumeType,
    iops: v.Iops,
    throughput: v.Throughput,
    encrypted: v.Encrypted,
    kms_key_id: v.KmsKeyId,
    zone: v.AvailabilityZone,
    state: v.State,
    snapshot_id: v.SnapshotId,
    created: v.CreateTime?.toISOString(),
    attachment: a
      ? compact({
        instance: a.InstanceId,
        device: a.Device,
        state: a.State,
        delete_on_termination: a.DeleteOnTermination,
      })
      : undefined,
  });
}

/** How a volume reads in a confirmation or message: `vol-… (name, 100 GiB gp3, zone)`. */
export function volumeLabel(v: Volume): string {
  const size = v.Size === undefined
    ? undefined
    : `${v.Size} GiB${v.VolumeType ? ` ${v.VolumeType}` : ""}`;
  const name = nameTag(v.Tags);
  const about = [name ? quoted(name) : undefined, size ?? v.VolumeType, v.AvailabilityZone]
    .filter(Boolean);
  return `${v.VolumeId ?? "?"}${about.length ? ` (${about.join(", ")})` : ""}`;
}

/** The one volume with this id; AWS itself answers InvalidVolume.NotFound for unknown ids. */
export async function describeVolume(ec2: EC2, id: string): Promise<Volume> {
  const out = await ec2.describeVolumes({ VolumeIds: [id] });
  const volume = out.Volumes?.find((v) => v.VolumeId === id);
  // Only reached if AWS answers an id lookup with nothing instead of an error.
  if (!volume) {
    throw new ToolError(
      "InvalidVolume.NotFound",
      `The volume '${id}' does not exist`,
      "check the id, or pass the region it is in (list volumes with ebs_describe_volumes)",
    );
  }
  return volume;
}

/** The attachments that still hold the volume (attaching, attached or busy; not detached). */
export function liveAttachments(v: Volume) {
  return (v.Attachments ?? []).filter((a) => a.State !== "detached");
}

/** An `InvalidInput` error naming the field, for checks zod cannot express. */
export function invalidInput(field: string, message: string): ToolError {
  return new ToolError("InvalidInput", `${field}: ${message}`, "fix the arguments and retry");
}

/**
 * Refuses iops or throughput that the volume type does not take, before calling AWS (which
 * would answer with a less specific error).
 */
export function checkPerformance(
  type: string,
  iops: number | undefined,
  throughput: number | undefined,
): void {
  if (iops !== undefined && !IOPS_TYPES.includes(type)) {
    throw invalidInput("iops", `only gp3, io1 and io2 volumes take iops; type is ${type}`);
  }
  if (throughput !== undefined && !THROUGHPUT_TYPES.includes(type)) {
    throw invalidInput("throughput", `only gp3 volumes take throughput; type is ${type}`);
  }
}

// The bound is checked by zod (naming the field) without appearing in the schema the model reads:
// AWS's own limits per type are finer, and its errors say them.
/** A positive integer input (sizes, iops, throughput) whose bound stays out of the listed schema. */
export const positiveInt = z.int({ error: "expected a positive integer" }).min(1, {
  error: "expected a positive integer",
});

/** Input fields shared by the tools that create a volume. */
export const volumeSpec = {
  zone: z.string().min(1),
  size_gib: positiveInt.optional(),
  type: volumeType.default("gp3"),
  iops: positiveInt.optional(),
  throughput: positiveInt.optional(),
  encrypted: z.boolean().optional(),
  kms_key_id: z.string().min(1).optional(),
  tags: resourceTags.optional(),
  wait: z.boolean().optional(),
};

/** What a tool that creates a volume receives (the shared fields plus an optional snapshot). */
export interface VolumeSpec {
  zone: string;
  size_gib?: number | undefined;
  type: VolumeType;
  iops?: number | undefined;
  throughput?: number | undefined;
  encrypted?: boolean | undefined;
  kms_key_id?: string | undefined;
  snapshot_id?: string | undefined;
  tags?: Record<string, string> | undefined;
  wait?: boolean | undefined;
}

/** What create and restore return: the new volume and, with `wait`, how the wait ended. */
export const volumeOutput = z.object({ volume: volumeRow, wait: waitOutcome.optional() });

/**
 * Creates a volume, new or from a snapshot: checks the type-specific rules (and, from a snapshot
 * with size_gib, that the size holds the snapshot) before calling, tags it at creation, and with
 * `wait` polls until it is available.
 */
export async function createVolumeFrom(
  ctx: ToolContext,
  spec: VolumeSpec,
): Promise<z.input<typeof volumeOutput>> {
  checkPerformance(spec.type, spec.iops, spec.throughput);
  if (IOPS_REQUIRED_TYPES.includes(spec.type) && spec.iops === undefined) {
    throw invalidInput("iops", `required for ${spec.type} volumes`);
  }
  if (spec.size_gib === undefined && !spec.snapshot_id) {
    throw invalidInput("size_gib", "required unless snapshot_id is given");
  }
  if (spec.kms_key_id && spec.encrypted === false) {
    throw invalidInput("kms_key_id", "needs encrypted: true (or leave encrypted out)");
  }
  const ec2 = await ctx.aws.client("ec2");
  if (spec.snapshot_id && spec.size_gib !== undefined) {
    const out = await ec2.describeSnapshots({ SnapshotIds: [spec.snapshot_id] });
    const minimum = out.Snapshots?.find((s) => s.SnapshotId === spec.snapshot_id)?.VolumeSize;
    if (minimum !== undefined && spec.size_gib < minimum) {
      throw invalidInput(
        "size_gib",
        `${spec.size_gib} is smaller than snapshot ${spec.snapshot_id} (${minimum} GiB); give at least ${minimum} or leave it out`,
      );
    }
  }
  const out = await ec2.createVolume(compact({
    AvailabilityZone: spec.zone,
    Size: spec.size_gib,
    SnapshotId: spec.snapshot_id,
    VolumeType: spec.type,
    Iops: spec.iops,
    Throughput: spec.throughput,
    Encrypted: spec.kms_key_id ? true : spec.encrypted,
    KmsKeyId: spec.kms_key_id,
    ...tagSpecifications(ctx, spec.tags, "volume"),
    DryRun: ctx.dryRun,
  }));
  const volume = volumeSummary(out);
  if (!spec.wait || !out.VolumeId) return { volume };
  const { volumes, states: _, ...wait } = await waitForVolumes(ctx, [out.VolumeId], "available");
  const now = volumes[out.VolumeId];
  return { volume: now ? volumeSummary(now) : volume, wait };
}

/** Volume states a tool can wait for; `deleted` is also reached when the volume is gone. */
export type VolumeTarget = "available" | "in-use" | "deleted";

/** Narrows a wait to one instance's attachment (attach/detach of multi-attach volumes). */
export interface VolumeWaitOptions {
  /** in-use: this instance's attachment is attached; available: no attachment to it is left. */
  instanceId?: string | undefined;
}

function reached(v: Volume | undefined, target: VolumeTarget, instanceId?: string): boolean {
  if (target === "deleted") return !v || v.State === "deleted";
  if (!v) return false;
  const mine = liveAttachments(v).filter((a) => !instanceId || a.InstanceId === instanceId);
  if (target === "available") return v.State === "available" || (!!instanceId && !mine.length);
  return v.State === "in-use" && mine.length > 0 && mine.every((a) => a.State === "attached");
}

function stateOf(v: Volume | undefined, instanceId?: string): string {
  if (!v) return "not found";
  const a = liveAttachments(v).find((a) => !instanceId || a.InstanceId === instanceId);
  return a?.State && a.State !== "attached" ? `${v.State} (${a.State})` : v.State ?? "unknown";
}

/**
 * Waits until every volume is in `target`, with a progress notification per poll
 * ("1/2 available; vol-0abc: creating"), bounded and cancellable through ctx.wait. Returns the
 * last states and volumes seen (a deleted volume has state "deleted" and no entry in volumes).
 * Throws VolumeError when a volume enters `error`, and InvalidVolume.NotFound when one stays
 * invisible (unless the target is `deleted`).
 */
export async function waitForVolumes(
  ctx: ToolContext,
  ids: readonly string[],
  target: VolumeTarget,
  options: VolumeWaitOptions = {},
): Promise<WaitOutcome & { states: Record<string, string>; volumes: Record<string, Volume> }> {
  const ec2 = await ctx.aws.client("ec2");
  let volumes: Record<string, Volume> = {};
  let states: Record<string, string> = {};
  let unseen = 0;
  const outcome = await ctx.wait(async () => {
    // A filter, not VolumeIds: a deleted volume then just drops out instead of failing the call.
    const out = await ec2.describeVolumes({ Filters: [{ Name: "volume-id", Values: [...ids] }] });
    volumes = Object.fromEntries((out.Volumes ?? []).map((v) => [v.VolumeId ?? "", v]));
    const missing = ids.filter((id) => !volumes[id]);
    // A brand-new volume can be invisible to Describe for a few seconds: poll a few more times.
    if (target !== "deleted" && missing.length && ++unseen > 5) {
      throw new ToolError(
        "InvalidVolume.NotFound",
        `The volume '${missing.join(", ")}' does not exist`,
        "check the id, or pass the region it is in",
      );
    }
    // A volume in `error` never becomes usable: end the wait instead of polling to the timeout.
    const failed = ids.filter((id) => volumes[id]?.State === "error");
    if (target !== "deleted" && failed.length) {
      throw new ToolError(
        "VolumeError",
        `volume ${failed.join(", ")} is in state error`,
        "delete it and create it again; for an encrypted volume check that the KMS key is usable",
      );
    }
    states = Object.fromEntries(
      ids.map((id) => {
        const v = volumes[id];
        return [id, !v && target === "deleted" ? "deleted" : stateOf(v, options.instanceId)];
      }),
    );
    const pending = ids.filter((id) => !reached(volumes[id], target, options.instanceId));
    const lagging = pending.slice(0, 3).map((id) => `${id}: ${states[id]}`).join(", ");
    return {
      done: pending.length === 0,
      message: `${ids.length - pending.length}/${ids.length} ${target}${
        lagging ? `; ${lagging}` : ""
      }`,
    };
  });
  return { ...outcome, states, volumes };
}

/** A block device name as EC2 takes it: `/dev/sdf`, `/dev/xvdf`, or `xvdf` on Windows. */
export const deviceName = z.string().regex(/^(\/dev\/)?[a-z][a-z0-9]{1,15}$/, {
  error: "expected a device name like /dev/sdf",
});

/** What attach and detach return: the attachment as AWS reports it and, with `wait`, the outcome. */
export const attachmentOutput = z.object({
  volume_id: z.string(),
  instance_id: z.string(),
  device: z.string().optional(),
  state: z.string().optional(),
  wait: waitOutcome.optional(),
});
