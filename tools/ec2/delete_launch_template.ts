import type { LaunchTemplate } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { launchTemplateId } from "../../schemas/ids.ts";
import { quoted } from "../../schemas/sanitize.ts";
import { defineTool, type ToolContext } from "../tool.ts";

/** Bounds the version count: AWS allows 10,000 versions, 200 per page. */
const MAX_PAGES = 50;

async function findTemplate(id: string, ctx: ToolContext): Promise<LaunchTemplate> {
  const ec2 = await ctx.aws.client("ec2");
  const out = await ec2.describeLaunchTemplates({ LaunchTemplateIds: [id] });
  const template = out.LaunchTemplates?.find((t) => t.LaunchTemplateId === id);
  // Some emulators answer an unknown id with an empty list rather than AWS's NotFound.
  if (!template) {
    throw new ToolError(
      "InvalidLaunchTemplateId.NotFound",
      `launch template ${id} does not exist in ${ctx.region}`,
      "list templates with ec2_list_launch_templates, or pass another region",
    );
  }
  return template;
}

async function countVersions(id: string, ctx: ToolContext): Promise<string> {
  const ec2 = await ctx.aws.client("ec2");
  let count = 0;
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await ec2.describeLaunchTemplateVersions({
      LaunchTemplateId: id,
      MaxResults: 200,
      ...(token ? { NextToken: token } : {}),
    });
    count += out.LaunchTemplateVersions?.length ?? 0;
    token = out.NextToken;
    if (!token) return String(count);
  }
  return `${count}+`;
}

/** `ec2_delete_launch_template`: deletes a launch template with all of its versions. */
export const deleteLaunchTemplate = defineTool({
  name: "ec2_delete_launch_template",
  toolset: "ec2_templates",
  title: "Delete a launch template",
  description:
    "Delete a launch template and all its versions. Running instances are unaffected; Auto Scaling groups or fleets that use it can no longer launch. Returns the deleted id and name.",
  access: "destructive",
  idempotent: true,
  iam: [
    "ec2:DescribeLaunchTemplates",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:DeleteLaunchTemplate",
    "ec2:DescribeTags",
  ],
  input: z.object({ launch_template_id: launchTemplateId }),
  output: z.object({ deleted_launch_template_id: z.string(), name: z.string().optional() }),
  async guards(input, ctx) {
    await ctx.guard.requireTag([input.launch_template_id]);
  },
  async confirm(input, ctx) {
    const id = input.launch_template_id;
    const [template, versions] = await Promise.all([
      findTemplate(id, ctx),
      countVersions(id, ctx),
    ]);
    const noun = versions === "1" ? "version" : "versions";
    const name = template.LaunchTemplateName;
    return `Delete launch template ${id} (${name ? quoted(name) : "no name"}, ${versions} ${noun})`;
  },
  async handler(input, ctx) {
    const id = input.launch_template_id;
    await ctx.guard.requireTag([id]);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.deleteLaunchTemplate({ LaunchTemplateId: id, DryRun: ctx.dryRun });
    const name = out.LaunchTemplate?.LaunchTemplateName;
    return { deleted_launch_template_id: id, ...(name ? { name } : {}) };
  },
});
