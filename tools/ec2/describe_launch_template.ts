import type { LaunchTemplateVersion } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { launchTemplateId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { readableLaunchData } from "./_launch_data.ts";
import { launchTemplateName, launchTemplateSummary } from "./list_launch_templates.ts";

const DEFAULT_VERSIONS = ["$Default", "$Latest"];

const versionRow = z.object({
  number: z.int(),
  description: z.string().optional(),
  is_default: z.boolean(),
  created: z.string().optional(),
  created_by: z.string().optional(),
  launch_data: z.record(z.string(), z.unknown()).optional(),
});

/** One version for the model: metadata plus its pruned launch data with user data readable. */
export async function versionDetail(
  v: LaunchTemplateVersion,
  revealSecrets: boolean,
): Promise<{ row: z.input<typeof versionRow>; masked: number }> {
  const { data, masked } = await readableLaunchData(v.LaunchTemplateData, revealSecrets);
  const row = compact({
    number: v.VersionNumber ?? 0,
    description: v.VersionDescription,
    is_default: v.DefaultVersion ?? false,
    created: v.CreateTime?.toISOString(),
    created_by: v.CreatedBy,
    launch_data: data,
  });
  return { row, masked };
}

/** `ec2_describe_launch_template`: a launch template and the launch data of chosen versions. */
export const describeLaunchTemplate = defineTool({
  name: "ec2_describe_launch_template",
  toolset: "ec2_templates",
  title: "Describe a launch template",
  description:
    "A launch template (by id or name, exactly one) and its versions' launch data in the AWS shape (AMI, type, network, storage…), user data decoded with secrets masked. Over ~40 KB trailing versions are counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeLaunchTemplates", "ec2:DescribeLaunchTemplateVersions"],
  input: z.object({
    launch_template_id: launchTemplateId.optional(),
    launch_template_name: launchTemplateName.optional(),
    versions: z.array(
      z.string().regex(/^(\$Default|\$Latest|[1-9][0-9]{0,17})$/, {
        error: "expected $Default, $Latest or a version number such as 3",
      }),
    ).min(1).max(20).optional().describe('Default ["$Default","$Latest"]; numbers as strings'),
  }),
  output: z.object({
    id: z.string(),
    name: z.string().optional(),
    default_version: z.int().optional(),
    latest_version: z.int().optional(),
    created: z.string().optional(),
    created_by: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
    versions: z.array(versionRow),
    masked_values: z.int().describe("Secret-looking values hidden in user data"),
    omitted: z.int().optional(),
  }),
  async handler(args, ctx) {
    const id = args.launch_template_id;
    const name = args.launch_template_name;
    if ((id === undefined) === (name === undefined)) {
      throw new ToolError(
        "InvalidInput",
        "launch_template_id, launch_template_name: pass exactly one of them",
        "use ec2_list_launch_templates to find a template's id or name",
      );
    }
    const ec2 = await ctx.aws.client("ec2");
    const [templates, versions] = await Promise.all([
      ec2.describeLaunchTemplates(
        id ? { LaunchTemplateIds: [id] } : { LaunchTemplateNames: [name!] },
      ),
      ec2.describeLaunchTemplateVersions({
        ...(id ? { LaunchTemplateId: id } : { LaunchTemplateName: name! }),
        Versions: [...new Set(args.versions ?? DEFAULT_VERSIONS)],
      }),
    ]);
    const template = templates.LaunchTemplates?.[0];
    // Some emulators answer an unknown id with an empty list rather than AWS's NotFound.
    if (!template) {
      throw new ToolError(
        "InvalidLaunchTemplateId.NotFound",
        `the launch template ${id ?? name} does not exist`,
        `check the id or name exists in ${ctx.region} (ec2_list_launch_templates), or pass another region`,
      );
    }
    // $Default and $Latest are often the same version: show it once.
    const unique = new Map<number, LaunchTemplateVersion>();
    for (const v of versions.LaunchTemplateVersions ?? []) {
      if (!unique.has(v.VersionNumber ?? 0)) unique.set(v.VersionNumber ?? 0, v);
    }
    const details = await Promise.all(
      [...unique.values()].map((v) => versionDetail(v, ctx.revealSecrets)),
    );
    const { items, omitted } = fitBytes(details.map((d) => d.row));
    return {
      ...launchTemplateSummary(template),
      versions: items,
      masked_values: details.slice(0, items.length).reduce((sum, d) => sum + d.masked, 0),
      ...(omitted ? { omitted } : {}),
    };
  },
});
