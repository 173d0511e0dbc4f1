import type { Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, instanceId, subnetId, vpcId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const STATES = [
  "pending",
  "running",
  "shutting-down",
  "terminated",
  "stopping",
  "stopped",
] as const;

/** The compact row of an instance, shared by every tool that answers with instances. */
export const instanceRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  state: z.string().optional(),
  type: z.string().optional(),
  zone: z.string().optional(),
  private_ip: z.string().optional(),
  public_ip: z.string().optional(),
  launch_time: z.string().optional(),
  vpc_id: z.string().optional(),
  subnet_id: z.string().optional(),
  platform: z.string().optional(),
});

/** The compact row of one instance. */
export function instanceSummary(i: Instance): z.input<typeof instanceRow> {
  return compact({
    id: i.InstanceId ?? "",
    name: nameTag(i.Tags),
    state: i.State?.Name,
    type: i.InstanceType,
    zone: i.Placement?.AvailabilityZone,
    private_ip: i.PrivateIpAddress,
    public_ip: i.PublicIpAddress,
    launch_time: i.LaunchTime?.toISOString(),
    vpc_id: i.VpcId,
    subnet_id: i.SubnetId,
    platform: i.PlatformDetails ?? i.Platform,
  });
}

const input = z.object({
  states: z.array(z.enum(STATES)).min(1).optional(),
  instance_ids: idList(instanceId).optional(),
  types: z.array(z.string().min(1)).min(1).max(50).optional().describe("e.g. t3.micro"),
  tags: tagFilter.optional(),
  vpc_id: vpcId.optional(),
  subnet_id: subnetId.optional(),
  name_contains: z.string().min(1).optional().describe(
    "Case-insensitive substring of the Name tag",
  ),
  ...pageInput,
});

/** `ec2_list_instances`: compact, paged rows of the instances that match the filters. */
export const listInstances = defineTool({
  name: "ec2_list_instances",
  toolset: "ec2",
  title: "List EC2 instances",
  description:
    "List EC2 instances as compact rows (id, Name, state, type, zone, IPs, launch time, VPC/subnet, platform). All filters combine with AND. Paged: pass next_token back with the same filters.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstances"],
  input,
  output: z.object({ instances: z.array(instanceRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      "instance-state-name": args.states,
      "instance-type": args.types,
      "vpc-id": args.vpc_id,
      "subnet-id": args.subnet_id,
    }, args.tags);
    const needle = args.name_contains?.toLowerCase();
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeInstances({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.instance_ids ? { InstanceIds: args.instance_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      const instances = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
      const matching = needle
        ? instances.filter((i) => nameTag(i.Tags)?.toLowerCase().includes(needle))
        : instances;
      return { items: matching.map(instanceSummary), nextToken: out.NextToken };
    });
    return { instances: rows, ...more };
  },
});
