import { z } from "zod";
import { compact } from "../../schemas/compact.ts";
import { resourceTags } from "../../schemas/tags.ts";
import { waitOutcome } from "../ec2/_instance_state.ts";
import { tagSpecifications } from "../ec2/_mutation.ts";
import { defineTool } from "../tool.ts";
import { percent, snapshotDescription, waitForSnapshots } from "./_snapshot.ts";
import { volumeId } from "../../schemas/ids.ts";

/** `ebs_create_snapshot`: a point-in-time snapshot of an EBS volume, optionally waited for. */
export const createSnapshot = defineTool({
  name: "ebs_create_snapshot",
  toolset: "ebs_snapshots",
  title: "Create an EBS snapshot",
  description:
    "Snapshot an EBS volume (crash-consistent; it may stay attached and in use). Returns snapshot_id, state and progress %; wait: true polls until completed, reporting progress.",
  access: "write",
  // Every call starts another snapshot.
  idempotent: false,
  verify: "ebs_list_snapshots",
  iam: ["ec2:CreateSnapshot", "ec2:CreateTags", "ec2:DescribeSnapshots", "ec2:DescribeTags"],
  input: z.object({
    volume_id: volumeId,
    description: snapshotDescription.optional(),
    tags: resourceTags.optional(),
    wait: z.boolean().optional().describe("Wait until completed"),
  }),
  output: z.object({
    snapshot_id: z.string(),
    volume_id: z.string(),
    state: z.string(),
    progress: z.number().optional(),
    size_gib: z.number().optional(),
    started: z.string().optional(),
    wait: waitOutcome.optional(),
  }),
  async handler(input, ctx) {
    await ctx.guard.requireTag([input.volume_id]);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.createSnapshot({
      VolumeId: input.volume_id,
      ...(input.description ? { Description: input.description } : {}),
      ...tagSpecifications(ctx, input.tags, "snapshot"),
      DryRun: ctx.dryRun,
    });
    const id = out.SnapshotId ?? "";
    const created = compact({
      snapshot_id: id,
      volume_id: out.VolumeId ?? input.volume_id,
      state: out.State ?? "pending",
      progress: percent(out.Progress),
      size_gib: out.VolumeSize,
      started: out.StartTime?.toISOString(),
    });
    if (!input.wait) return created;
    const { snapshots, ...wait } = await waitForSnapshots(ctx, [id]);
    const now = snapshots[id];
    return compact({
      ...created,
      state: now?.state ?? created.state,
      progress: now?.progress ?? created.progress,
      wait,
    });
  },
});
