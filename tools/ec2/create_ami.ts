import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { instanceId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";

/** `ec2_create_ami`: an EBS-backed AMI of an instance, with an explicit choice about rebooting. */
export const createAmi = defineTool({
  name: "ec2_create_ami",
  toolset: "ec2_images",
  title: "Create an AMI from an instance",
  description:
    "Create an AMI from an instance. no_reboot is required: false reboots the instance for a consistent image; true keeps it running (file systems may be inconsistent). tags go on the image and its snapshots. Returns image_id and state (pending for minutes).",
  access: "write",
  // A repeat fails on the taken name, but may first reboot the instance again.
  idempotent: false,
  verify: "ec2_describe_images",
  iam: ["ec2:CreateImage", "ec2:CreateTags", "ec2:DescribeImages", "ec2:DescribeTags"],
  input: z.object({
    instance_id: instanceId,
    name: z.string().regex(/^[a-zA-Z0-9()[\] ./\-'@_]{3,128}$/, {
      error: "expected 3-128 letters, digits, spaces or ()[]./-'@_",
    }),
    description: z.string().min(1).max(255).optional(),
    no_reboot: z.boolean(),
    tags: resourceTags.optional(),
  }),
  output: z.object({ image_id: z.string(), state: z.string() }),
  async handler(input, ctx) {
    // Imaging reads the instance and, without no_reboot, reboots it: it is a resource touched.
    await ctx.guard.requireTag([input.instance_id]);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.createImage({
      InstanceId: input.instance_id,
      Name: input.name,
      ...(input.description ? { Description: input.description } : {}),
      NoReboot: input.no_reboot,
      ...tagSpecifications(ctx, input.tags, "image", "snapshot"),
      DryRun: ctx.dryRun,
    });
    const id = out.ImageId ?? "";
    let state = "pending";
    try {
      state = (await ec2.describeImages({ ImageIds: [id] })).Images?.[0]?.State ?? state;
    } catch {
      // A new image may not be visible yet (eventual consistency): it is pending then.
    }
    return { image_id: id, state };
  },
});
