import type { Image } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { errorLine, ToolError } from "../../aws/errors.ts";
import { imageId } from "../../schemas/ids.ts";
import { quoted } from "../../schemas/sanitize.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import { dryRunEach } from "./_mutation.ts";

const input = z.object({
  image_id: imageId,
  delete_snapshots: z.boolean().optional().describe("Also delete its EBS snapshots"),
});

async function findImage(id: string, ctx: ToolContext): Promise<Image> {
  const ec2 = await ctx.aws.client("ec2");
  const out = await ec2.describeImages({ ImageIds: [id] });
  const image = out.Images?.find((i) => i.ImageId === id);
  // A deregistered image answers with an empty list rather than NotFound.
  if (!image) {
    throw new ToolError(
      "InvalidAMIID.NotFound",
      `AMI ${id} does not exist in ${ctx.region} (or is already deregistered)`,
      "list your AMIs with ec2_describe_images, or pass another region",
    );
  }
  return image;
}

/** The EBS snapshots behind an image's block device mappings, in mapping order. */
export function imageSnapshots(image: Image): string[] {
  const ids = (image.BlockDeviceMappings ?? []).flatMap((m) =>
    m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []
  );
  return [...new Set(ids)];
}

/** `ec2_deregister_ami`: deregisters an AMI and, if asked, deletes the snapshots behind it. */
export const deregisterAmi = defineTool({
  name: "ec2_deregister_ami",
  toolset: "ec2_images",
  title: "Deregister an AMI",
  description:
    "Deregister an AMI; with delete_snapshots, then delete the EBS snapshots it was built on (they otherwise remain and cost money). Running instances are unaffected. Returns the AMI id and the deleted snapshot ids.",
  access: "destructive",
  idempotent: true,
  iam: ["ec2:DescribeImages", "ec2:DeregisterImage", "ec2:DeleteSnapshot", "ec2:DescribeTags"],
  input,
  output: z.object({
    deregistered_image_id: z.string(),
    deleted_snapshot_ids: z.array(z.string()),
    kept_snapshot_ids: z.array(z.string()).optional(),
    snapshot_errors: z.array(z.string()).optional(),
  }),
  async guards(args, ctx) {
    const image = await findImage(args.image_id, ctx);
    await ctx.guard.requireTag([
      args.image_id,
      ...(args.delete_snapshots ? imageSnapshots(image) : []),
    ]);
  },
  async confirm(args, ctx) {
    const image = await findImage(args.image_id, ctx);
    const what = `Deregister AMI ${args.image_id} (${image.Name ? quoted(image.Name) : "no name"})`;
    if (!args.delete_snapshots) return what;
    const snapshots = imageSnapshots(image);
    return snapshots.length
      ? `${what} and delete its snapshots ${snapshots.join(", ")}`
      : `${what}; it has no EBS snapshots to delete`;
  },
  async handler(args, ctx) {
    // The snapshots are only known while the image is registered: look them up first.
    const image = await findImage(args.image_id, ctx);
    const snapshots = imageSnapshots(image);
    const doomed = args.delete_snapshots ? snapshots : [];
    await ctx.guard.requireTag([args.image_id, ...doomed]);
    const ec2 = await ctx.aws.client("ec2");
    if (ctx.dryRun) {
      await dryRunEach([
        () => ec2.deregisterImage({ ImageId: args.image_id, DryRun: ctx.dryRun }),
        ...doomed.map((id) => () => ec2.deleteSnapshot({ SnapshotId: id, DryRun: ctx.dryRun })),
      ]);
    }
    await ec2.deregisterImage({ ImageId: args.image_id, DryRun: ctx.dryRun });
    const deleted: string[] = [];
    const errors: string[] = [];
    // The image is gone either way: a snapshot that cannot go (another AMI uses it) is reported.
    for (const id of doomed) {
      try {
        await ec2.deleteSnapshot({ SnapshotId: id, DryRun: ctx.dryRun });
        deleted.push(id);
      } catch (err) {
        const e = err as Error;
        errors.push(`${id}: ${errorLine(e)}`);
      }
    }
    const kept = snapshots.filter((id) => !deleted.includes(id));
    return {
      deregistered_image_id: args.image_id,
      deleted_snapshot_ids: deleted,
      ...(kept.length ? { kept_snapshot_ids: kept } : {}),
      ...(errors.length ? { snapshot_errors: errors } : {}),
    };
  },
});
