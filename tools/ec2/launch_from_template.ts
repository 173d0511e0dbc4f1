import type { _InstanceType } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { ToolError } from "../../aws/errors.ts";
import { launchTemplateId, readFrom, subnetId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { count, launched, wait } from "./_launch.ts";
import { instanceRow } from "./list_instances.ts";
import { waitOutcome } from "./_instance_state.ts";

/** `ec2_launch_from_template`: RunInstances from a launch template version, with a few overrides. */
export const launchFromTemplate = defineTool({
  name: "ec2_launch_from_template",
  toolset: "ec2_templates",
  title: "Launch EC2 instances from a launch template",
  description:
    "Launch instances from a launch template (give its id or name) and version, overriding type, subnet or key if given. Returns instance rows, final states with wait. Find templates with ec2_list_launch_templates.",
  access: "write",
  idempotent: false,
  verify: "ec2_list_instances",
  iam: [
    "ec2:RunInstances",
    "ec2:CreateTags",
    "iam:PassRole",
    "ec2:DescribeInstances",
    "ec2:DescribeTags",
    "ec2:DescribeLaunchTemplates",
  ],
  input: z.object({
    launch_template_id: readFrom(launchTemplateId).optional(),
    launch_template_name: z.string().min(3).max(128).optional(),
    version: z.string().regex(/^(\d+|\$Default|\$Latest)$/, {
      error: "expected a version number, $Default or $Latest",
    }).default("$Default"),
    count,
    instance_type: z.string().min(1).optional(),
    subnet_id: subnetId.optional(),
    key_name: z.string().min(1).optional(),
    tags: resourceTags.optional(),
    wait,
  }),
  output: z.object({ instances: z.array(instanceRow), wait: waitOutcome.optional() }),
  async handler(args, ctx) {
    const { launch_template_id: id, launch_template_name: name } = args;
    if ((id === undefined) === (name === undefined)) {
      throw new ToolError(
        "InvalidInput",
        `pass exactly one of launch_template_id and launch_template_name (got ${
          id === undefined ? "neither" : "both"
        })`,
        "list templates with ec2_list_launch_templates",
      );
    }
    const ec2 = await ctx.aws.client("ec2");
    // --require-tag covers the template launched from; a name is looked up to its tags (an id is
    // checked by the server, as a readFrom field).
    if (name !== undefined) {
      await ctx.guard.requireTag([name], async () => {
        const found = await ec2.describeLaunchTemplates({ LaunchTemplateNames: [name] })
          .catch(() => ({ LaunchTemplates: [] }));
        const tags = found.LaunchTemplates?.[0]?.Tags ?? [];
        return new Map([[name, Object.fromEntries(tags.map((t) => [t.Key ?? "", t.Value ?? ""]))]]);
      });
    }
    // The template's own settings (metadata options included) stay as its owner chose them.
    const out = await ec2.runInstances({
      LaunchTemplate: {
        ...(id ? { LaunchTemplateId: id } : { LaunchTemplateName: name }),
        Version: args.version,
      },
      MinCount: args.count ?? 1,
      MaxCount: args.count ?? 1,
      ...(args.instance_type ? { InstanceType: args.instance_type as _InstanceType } : {}),
      ...(args.subnet_id ? { SubnetId: args.subnet_id } : {}),
      ...(args.key_name ? { KeyName: args.key_name } : {}),
      ...tagSpecifications(ctx, args.tags, "instance", "volume"),
      DryRun: ctx.dryRun,
    });
    return await launched(ctx, out.Instances ?? [], args.wait);
  },
});
