import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { launchTemplateId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { launchTemplateData, toLaunchTemplateData } from "./_launch_template_data.ts";
import { dryRunEach } from "./_mutation.ts";

/** `ec2_create_launch_template_version`: a new version of a launch template, optionally default. */
export const createLaunchTemplateVersion = defineTool({
  name: "ec2_create_launch_template_version",
  toolset: "ec2_templates",
  title: "Create a launch template version",
  description:
    "Add a version to a launch template (fields as ec2_create_launch_template); with source_version, omitted fields are copied. set_default makes it the default. Returns the version.",
  access: "write",
  // Every call adds another version.
  idempotent: false,
  verify: "ec2_describe_launch_template",
  iam: [
    "ec2:CreateLaunchTemplateVersion",
    "ec2:ModifyLaunchTemplate",
    "ec2:DescribeLaunchTemplates",
    "ec2:DescribeTags",
  ],
  input: z.object({
    launch_template_id: launchTemplateId,
    source_version: z.int().min(1).max(10_000).optional(),
    ...launchTemplateData,
    set_default: z.boolean().optional(),
  }),
  output: z.object({
    launch_template_id: z.string(),
    name: z.string().optional(),
    version: z.int(),
    default_version: z.int().optional(),
  }),
  async handler(input, ctx) {
    const id = input.launch_template_id;
    await ctx.guard.requireTag([id]);
    const ec2 = await ctx.aws.client("ec2");
    const inherit = input.source_version !== undefined;
    const create = () =>
      ec2.createLaunchTemplateVersion({
        LaunchTemplateId: id,
        ...(inherit ? { SourceVersion: String(input.source_version) } : {}),
        LaunchTemplateData: toLaunchTemplateData(input, ctx, inherit),
        DryRun: ctx.dryRun,
      });
    if (ctx.dryRun && input.set_default) {
      // ModifyLaunchTemplate is checked with the current default (a version that exists)
      // standing in for the version a dry run does not create.
      await dryRunEach([create, async () => {
        const current = await ec2.describeLaunchTemplates({ LaunchTemplateIds: [id] });
        const version = current.LaunchTemplates?.[0]?.DefaultVersionNumber ?? 1;
        await ec2.modifyLaunchTemplate({
          LaunchTemplateId: id,
          DefaultVersion: String(version),
          DryRun: ctx.dryRun,
        });
      }]);
    }
    const created = (await create()).LaunchTemplateVersion;
    const version = created?.VersionNumber ?? 0;
    const result = {
      launch_template_id: id,
      ...(created?.LaunchTemplateName ? { name: created.LaunchTemplateName } : {}),
      version,
    };
    if (!input.set_default) return result;
    try {
      const out = await ec2.modifyLaunchTemplate({
        LaunchTemplateId: id,
        DefaultVersion: String(version),
        DryRun: ctx.dryRun,
      });
      return { ...result, default_version: out.LaunchTemplate?.DefaultVersionNumber ?? version };
    } catch (err) {
      const e = err as Error;
      throw new ToolError(
        e.name || "Error",
        `version ${version} of ${id} was created, but making it the default failed: ${e.message}`,
        `version ${version} exists but is not the default; calling again would add another version`,
      );
    }
  },
});
