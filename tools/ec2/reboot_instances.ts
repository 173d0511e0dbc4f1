import { z } from "zod";
import { defineTool } from "../tool.ts";
import { instanceIds } from "./_instance.ts";

/** `ec2_reboot_instances`: requests an OS reboot of running instances. */
export const rebootInstances = defineTool({
  name: "ec2_reboot_instances",
  toolset: "ec2",
  title: "Reboot EC2 instances",
  description:
    "Reboot running EC2 instances (up to 50): an OS restart that keeps IPs, volumes and instance-store data. Returns the ids the reboot was requested for; the state stays running, so there is nothing to wait for.",
  access: "write",
  idempotent: false,
  verify: "ec2_describe_instance_status",
  iam: ["ec2:RebootInstances", "ec2:DescribeTags"],
  input: z.object({ instance_ids: instanceIds }),
  output: z.object({ rebooted: z.array(z.string()) }),
  async handler(args, ctx) {
    await ctx.guard.requireTag(args.instance_ids);
    const ec2 = await ctx.aws.client("ec2");
    await ec2.rebootInstances({ InstanceIds: args.instance_ids, DryRun: ctx.dryRun });
    return { rebooted: args.instance_ids };
  },
});
