import type { LaunchTemplate } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, launchTemplateId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, tagFilter, tagMap } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const templateRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  default_version: z.int().optional(),
  latest_version: z.int().optional(),
  created: z.string().optional(),
  created_by: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** The compact row of one launch template. */
export function launchTemplateSummary(t: LaunchTemplate): z.input<typeof templateRow> {
  return compact({
    id: t.LaunchTemplateId ?? "",
    name: t.LaunchTemplateName,
    default_version: t.DefaultVersionNumber,
    latest_version: t.LatestVersionNumber,
    created: t.CreateTime?.toISOString(),
    created_by: t.CreatedBy,
    tags: tagMap(t.Tags),
  });
}

/** Launch template names as AWS accepts them: 3-128 characters of `[a-zA-Z0-9().\-/_]`. */
export const launchTemplateName = z.string().regex(/^[a-zA-Z0-9().\-/_]{3,128}$/, {
  error: "expected 3-128 characters of letters, digits and ().-/_",
});

/** `ec2_list_launch_templates`: compact, paged rows of the launch templates that match. */
export const listLaunchTemplates = defineTool({
  name: "ec2_list_launch_templates",
  toolset: "ec2_templates",
  title: "List launch templates",
  description:
    "List EC2 launch templates as compact rows (id, name, default and latest version, created, creator, tags). Filters combine with AND. Use ec2_describe_launch_template for a version's settings. Paged with next_token.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeLaunchTemplates"],
  input: z.object({
    launch_template_ids: idList(launchTemplateId).optional(),
    launch_template_names: z.array(launchTemplateName).min(1).max(200).optional(),
    tags: tagFilter.optional(),
    ...pageInput,
  }),
  output: z.object({ launch_templates: z.array(templateRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({}, args.tags);
    const byId = args.launch_template_ids || args.launch_template_names;
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeLaunchTemplates({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.launch_template_ids ? { LaunchTemplateIds: args.launch_template_ids } : {}),
        ...(args.launch_template_names ? { LaunchTemplateNames: args.launch_template_names } : {}),
        // Lookups by id or name are bounded by the 200 asked for; 200 is AWS's largest page.
        ...(byId ? {} : { MaxResults: 200 }),
        ...(token ? { NextToken: token } : {}),
      });
      return {
        items: (out.LaunchTemplates ?? []).map(launchTemplateSummary),
        nextToken: out.NextToken,
      };
    });
    return { launch_templates: rows, ...more };
  },
});
