import { z } from "zod";
import { fitBytes, prune } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { describeInstances as fetchInstances, instanceIds } from "./_instance.ts";

/** `ec2_describe_instances`: the full AWS Instance objects of up to 50 ids, pruned and byte-bounded. */
export const describeInstances = defineTool({
  name: "ec2_describe_instances",
  toolset: "ec2",
  title: "Describe EC2 instances",
  description:
    "Full detail of EC2 instances by id, in the AWS Instance shape (devices, network interfaces, security groups, IAM profile, metadata options, state reason, tags…). Find ids with ec2_list_instances. Past ~40 KB, trailing instances are left out and counted in omitted.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstances"],
  input: z.object({ instance_ids: instanceIds }),
  output: z.object({
    instances: z.array(z.record(z.string(), z.unknown())),
    omitted: z.int().optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const found = await fetchInstances(ec2, args.instance_ids);
    const pruned = found.map((i) => (prune(i) ?? {}) as Record<string, unknown>);
    const { items, omitted } = fitBytes(pruned);
    return { instances: items, ...(omitted ? { omitted } : {}) };
  },
});
