import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { ec2TagLookup } from "../../aws/guards.ts";
import { compact } from "../../schemas/compact.ts";
import { regionSchema } from "../../schemas/region.ts";
import { resourceTags } from "../../schemas/tags.ts";
import { waitOutcome } from "../ec2/_instance_state.ts";
import { tagSpecifications } from "../ec2/_mutation.ts";
import { defineTool } from "../tool.ts";
import { snapshotDescription, waitForSnapshots } from "./_snapshot.ts";
import { snapshotId } from "../../schemas/ids.ts";

/** `ebs_copy_snapshot`: copies a snapshot into the call's region, from the same or another one. */
export const copySnapshot = defineTool({
  name: "ebs_copy_snapshot",
  toolset: "ebs_snapshots",
  title: "Copy an EBS snapshot",
  description:
    "Copy a snapshot from source_region (default: region) into region, the destination, where the new snapshot_id lives. encrypted/kms_key_id encrypt the copy. wait: true polls the copy until completed, reporting progress.",
  access: "write",
  // Every call starts another copy.
  idempotent: false,
  verify: "ebs_list_snapshots",
  iam: [
    "ec2:CopySnapshot",
    "ec2:CreateTags",
    "ec2:DescribeSnapshots",
    "ec2:DescribeTags",
    // Encrypted sources or copies: EBS uses the keys on the caller's behalf.
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
  ],
  input: z.object({
    source_snapshot_id: snapshotId,
    source_region: regionSchema.optional(),
    description: snapshotDescription.optional(),
    encrypted: z.boolean().optional(),
    kms_key_id: z.string().min(1).max(2048).optional().describe("Key id, ARN or alias/…"),
    tags: resourceTags.optional(),
    wait: z.boolean().optional().describe("Wait until completed"),
  }),
  output: z.object({
    snapshot_id: z.string(),
    source_snapshot_id: z.string(),
    source_region: z.string(),
    destination_region: z.string(),
    state: z.string().optional(),
    progress: z.number().optional(),
    wait: waitOutcome.optional(),
  }),
  async handler(input, ctx) {
    if (input.kms_key_id && input.encrypted === false) {
      throw new ToolError(
        "InvalidInput",
        "encrypted: must not be false with kms_key_id (a copy with a key is encrypted)",
        "omit encrypted, or omit kms_key_id",
      );
    }
    const source = input.source_region ?? ctx.region;
    // The source snapshot lives in the source region: its tags are looked up there.
    await ctx.guard.requireTag(
      [input.source_snapshot_id],
      source === ctx.region ? undefined : ec2TagLookup(await ctx.aws.client("ec2", source)),
    );
    // CopySnapshot is a request to the destination region, which pulls from the source.
    const ec2 = await ctx.aws.client("ec2", ctx.region);
    const encrypted = input.encrypted ?? (input.kms_key_id ? true : undefined);
    const out = await ec2.copySnapshot({
      SourceSnapshotId: input.source_snapshot_id,
      SourceRegion: source,
      ...(input.description ? { Description: input.description } : {}),
      ...(encrypted === undefined ? {} : { Encrypted: encrypted }),
      ...(input.kms_key_id ? { KmsKeyId: input.kms_key_id } : {}),
      ...tagSpecifications(ctx, input.tags, "snapshot"),
      DryRun: ctx.dryRun,
    });
    const id = out.SnapshotId ?? "";
    const copied = {
      snapshot_id: id,
      source_snapshot_id: input.source_snapshot_id,
      source_region: source,
      destination_region: ctx.region,
    };
    if (!input.wait) return copied;
    const { snapshots, ...wait } = await waitForSnapshots(ctx, [id], ec2);
    return compact({
      ...copied,
      state: snapshots[id]?.state,
      progress: snapshots[id]?.progress,
      wait,
    });
  },
});
