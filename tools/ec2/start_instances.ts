import { z } from "zod";
import { defineTool } from "../tool.ts";
import { instanceIds } from "./_instance.ts";
import { stateChangeOutput, stateChanges } from "./_state_change.ts";

/** `ec2_start_instances`: starts stopped instances, optionally waiting until they run. */
export const startInstances = defineTool({
  name: "ec2_start_instances",
  toolset: "ec2",
  title: "Start EC2 instances",
  description:
    "Start stopped EC2 instances (up to 50). Returns each one's previous and current state; wait: true polls until all are running, with progress, and reports final states. Already running ones are left as they are.",
  access: "write",
  idempotent: true,
  iam: ["ec2:StartInstances", "ec2:DescribeInstances", "ec2:DescribeTags"],
  input: z.object({
    instance_ids: instanceIds,
    wait: z.boolean().optional().describe("Wait until running"),
  }),
  output: stateChangeOutput,
  async handler(args, ctx) {
    await ctx.guard.requireTag(args.instance_ids);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.startInstances({ InstanceIds: args.instance_ids, DryRun: ctx.dryRun });
    return await stateChanges(
      ctx,
      args.instance_ids,
      out.StartingInstances,
      args.wait ? "running" : undefined,
    );
  },
});
