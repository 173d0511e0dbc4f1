import { z } from "zod";
import { confirmLine } from "../../schemas/sanitize.ts";
import { defineTool } from "../tool.ts";
import { instanceIds } from "./_instance.ts";
import { stateChangeOutput, stateChanges } from "./_state_change.ts";

/** `ec2_stop_instances`: stops (or hibernates) instances, optionally waiting until stopped. */
export const stopInstances = defineTool({
  name: "ec2_stop_instances",
  toolset: "ec2",
  title: "Stop EC2 instances",
  description:
    "Stop running EC2 instances (up to 50); EBS volumes are kept, instance-store data is lost. Returns each one's previous and current state; wait: true polls until all are stopped, with progress. force needs destructive mode and asks the user.",
  access: "write",
  idempotent: true,
  iam: ["ec2:StopInstances", "ec2:DescribeInstances", "ec2:DescribeTags"],
  input: z.object({
    instance_ids: instanceIds,
    force: z.boolean().optional().describe("Skip OS shutdown (risks data loss)"),
    hibernate: z.boolean().optional().describe("Hibernate; instance must be enabled for it"),
    wait: z.boolean().optional().describe("Wait until stopped"),
  }),
  output: stateChangeOutput,
  async handler(args, ctx) {
    if (args.force) ctx.guard.requireMode("destructive", "force");
    await ctx.guard.requireTag(args.instance_ids);
    if (args.force) {
      const ids = args.instance_ids.map((id) => ({ id }));
      await ctx.guard.confirm(
        `${confirmLine("Force-stop", "instance", ids)} without OS shutdown (data may be lost)`,
      );
    }
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.stopInstances({
      InstanceIds: args.instance_ids,
      ...(args.force ? { Force: true } : {}),
      ...(args.hibernate ? { Hibernate: true } : {}),
      DryRun: ctx.dryRun,
    });
    return await stateChanges(
      ctx,
      args.instance_ids,
      out.StoppingInstances,
      args.wait ? "stopped" : undefined,
    );
  },
});
