import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { defineTool } from "../tool.ts";
import { launchTemplateData, toLaunchTemplateData } from "./_launch_template_data.ts";

import { launchTemplateName } from "./list_launch_templates.ts";

/** `ec2_create_launch_template`: a new launch template (version 1) from snake_case launch data. */
export const createLaunchTemplate = defineTool({
  name: "ec2_create_launch_template",
  toolset: "ec2_templates",
  title: "Create a launch template",
  description:
    "Create a launch template. user_data is plain text; http_tokens defaults to required (IMDSv2); instance_tags tag launched instances, tags the template. Returns id, name, version.",
  access: "write",
  // Names are unique per region: a repeat fails with AlreadyExistsException and changes nothing.
  idempotent: true,
  verify: "ec2_list_launch_templates",
  iam: ["ec2:CreateLaunchTemplate", "ec2:CreateTags", "ec2:DescribeTags"],
  input: z.object({
    name: launchTemplateName,
    version_description: z.string().min(1).max(255).optional(),
    ...launchTemplateData,
    tags: resourceTags.optional(),
  }),
  output: z.object({ launch_template_id: z.string(), name: z.string(), version: z.int() }),
  async handler(input, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.createLaunchTemplate({
      LaunchTemplateName: input.name,
      ...(input.version_description ? { VersionDescription: input.version_description } : {}),
      LaunchTemplateData: toLaunchTemplateData(input, ctx, false),
      ...tagSpecifications(ctx, input.tags, "launch-template"),
      DryRun: ctx.dryRun,
    });
    const template = out.LaunchTemplate;
    return {
      launch_template_id: template?.LaunchTemplateId ?? "",
      name: template?.LaunchTemplateName ?? input.name,
      version: template?.LatestVersionNumber ?? 1,
    };
  },
});
