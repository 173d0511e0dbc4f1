import { z } from "zod";
import { confirmLine } from "../../schemas/sanitize.ts";
import { nameTag } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";
import { instanceIds } from "./_instance.ts";
import { stateChangeOutput, stateChanges } from "./_state_change.ts";

/** `ec2_terminate_instances`: terminates instances after the human confirms, optionally waiting. */
export const terminateInstances = defineTool({
  name: "ec2_terminate_instances",
  toolset: "ec2",
  title: "Terminate EC2 instances",
  description:
    "Permanently terminate EC2 instances (up to 50); delete-on-termination volumes go too. Asks the user to confirm. Returns each one's previous and current state; wait: true polls until all are terminated. Fails for instances with termination protection.",
  access: "destructive",
  idempotent: true,
  iam: ["ec2:TerminateInstances", "ec2:DescribeInstances", "ec2:DescribeTags"],
  input: z.object({
    instance_ids: instanceIds,
    wait: z.boolean().optional().describe("Wait until terminated"),
  }),
  output: stateChangeOutput,
  async guards(args, ctx) {
    await ctx.guard.requireTag(args.instance_ids);
  },
  async confirm(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeInstances({ InstanceIds: args.instance_ids });
    const found = new Map(
      (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i]),
    );
    return confirmLine(
      "Terminate",
      "instance",
      args.instance_ids.map((id) => {
        const i = found.get(id);
        return { id, name: nameTag(i?.Tags), facts: [i?.InstanceType] };
      }),
    );
  },
  async handler(args, ctx) {
    await ctx.guard.requireTag(args.instance_ids);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.terminateInstances({
      InstanceIds: args.instance_ids,
      DryRun: ctx.dryRun,
    });
    return await stateChanges(
      ctx,
      args.instance_ids,
      out.TerminatingInstances,
      args.wait ? "terminated" : undefined,
    );
  },
});
