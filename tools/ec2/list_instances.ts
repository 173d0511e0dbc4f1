import type { Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import {
  idList,
  imageId,
  instanceId,
  securityGroupId,
  subnetId,
  vpcId,
} from "../../schemas/ids.ts";
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
  key_name: z.string().optional(),
  security_groups: z.array(z.string()).optional(),
  image_id: z.string().optional(),
  profile: z.string().optional(),
  imdsv2: z.boolean().optional(),
});

// The instance profile's name, which the ARN ends with (after an optional path).
function profileName(arn: string | undefined): string | undefined {
  return arn?.slice(arn.lastIndexOf("/") + 1) || undefined;
}

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
    key_name: i.KeyName,
    security_groups: i.SecurityGroups?.flatMap((g) => g.GroupId ? [g.GroupId] : []),
    image_id: i.ImageId,
    profile: profileName(i.IamInstanceProfile?.Arn),
    // IMDSv2 is enforced only when tokens are required; "optional" still allows v1.
    imdsv2: i.MetadataOptions?.HttpTokens ? i.MetadataOptions.HttpTokens === "required" : undefined,
  });
}

const input = z.object({
  // Checked here, naming the valid values on a miss; the model knows EC2's states.
  states: z.array(
    z.string().refine((s) => (STATES as readonly string[]).includes(s), {
      error: `expected one of ${STATES.join(", ")}`,
    }),
  ).min(1).optional(),
  instance_ids: idList(instanceId).optional(),
  types: z.array(z.string().min(1)).min(1).max(50).optional(),
  tags: tagFilter.optional(),
  vpc_id: vpcId.optional(),
  subnet_id: subnetId.optional(),
  name_contains: z.string().min(1).optional(),
  key_name: z.string().min(1).max(255).optional(),
  security_group_id: securityGroupId.optional(),
  image_id: imageId.optional(),
  imdsv2: z.boolean().optional(),
  ...pageInput,
});

/** `ec2_list_instances`: compact, paged rows of the instances that match the filters. */
export const listInstances = defineTool({
  name: "ec2_list_instances",
  toolset: "ec2",
  title: "List EC2 instances",
  description:
    "EC2 instances as rows (id, name, state, type, zone, IPs, vpc_id, key_name, security_groups, image_id, profile, imdsv2…).",
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
      "key-name": args.key_name,
      "instance.group-id": args.security_group_id,
      "image-id": args.image_id,
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
      // Filtered inside each AWS page, so the offset in next_token points at the same row.
      const rows = instances.map(instanceSummary).filter((row) =>
        (!needle || (row.name?.toLowerCase().includes(needle) ?? false)) &&
        (args.imdsv2 === undefined || (row.imdsv2 ?? false) === args.imdsv2)
      );
      return { items: rows, nextToken: out.NextToken };
    });
    return { instances: rows, ...more };
  },
});
