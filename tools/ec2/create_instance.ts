import type { _InstanceType, BlockDeviceMapping } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { compact } from "../../schemas/compact.ts";
import { imageId, readFrom, securityGroupId, subnetId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import {
  count,
  intBetween,
  launched,
  metadataOptions,
  runInstancesBasics,
  userData,
  wait,
} from "./_launch.ts";
import { instanceRow } from "./list_instances.ts";
import { waitOutcome } from "./_instance_state.ts";

const blockDevice = z.object({
  device_name: z.string().min(1),
  size_gib: intBetween(1, 65_536).optional(),
  volume_type: z.enum(["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"]).optional(),
  iops: intBetween(100, 256_000).optional(),
  throughput: intBetween(125, 2_000).optional(),
  encrypted: z.boolean().optional(),
  delete_on_termination: z.boolean().optional(),
});

function blockDeviceMapping(device: z.infer<typeof blockDevice>): BlockDeviceMapping {
  const ebs = compact({
    VolumeSize: device.size_gib,
    VolumeType: device.volume_type,
    Iops: device.iops,
    Throughput: device.throughput,
    Encrypted: device.encrypted,
    DeleteOnTermination: device.delete_on_termination,
  });
  return { DeviceName: device.device_name, ...(Object.keys(ebs).length ? { Ebs: ebs } : {}) };
}

/** `ec2_create_instance`: RunInstances with the common options, IMDSv2 required by default. */
export const createInstance = defineTool({
  name: "ec2_create_instance",
  toolset: "ec2_launch",
  title: "Create EC2 instances",
  description: "Launch instances from an AMI with every option; see ec2_create_instance_minimal.",
  access: "write",
  idempotent: false,
  verify: "ec2_list_instances",
  iam: [
    "ec2:RunInstances",
    "ec2:CreateTags",
    "iam:PassRole",
    "ec2:DescribeInstances",
    "ec2:DescribeTags",
  ],
  input: z.object({
    image_id: readFrom(imageId),
    instance_type: z.string().min(1),
    count,
    key_name: z.string().min(1).optional(),
    security_group_ids: z.array(securityGroupId).min(1).max(5).optional(),
    subnet_id: subnetId.optional(),
    iam_instance_profile: z.string().min(1).optional(), // a name or an ARN
    user_data: userData.optional(),
    block_devices: z.array(blockDevice).min(1).max(20).optional(),
    tags: resourceTags.optional(),
    http_tokens: z.enum(["required", "optional"]).default("required"),
    hop_limit: intBetween(1, 64).optional(), // IMDS response hop limit
    wait,
  }),
  output: z.object({ instances: z.array(instanceRow), wait: waitOutcome.optional() }),
  async handler(args, ctx) {
    const profile = args.iam_instance_profile;
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.runInstances({
      ...runInstancesBasics(args),
      ...(profile
        ? { IamInstanceProfile: profile.startsWith("arn:") ? { Arn: profile } : { Name: profile } }
        : {}),
      ...(args.block_devices
        ? { BlockDeviceMappings: args.block_devices.map(blockDeviceMapping) }
        : {}),
      MetadataOptions: metadataOptions(args.http_tokens, args.hop_limit),
      ...tagSpecifications(ctx, args.tags, "instance", "volume"),
      DryRun: ctx.dryRun,
    });
    return await launched(ctx, out.Instances ?? [], args.wait);
  },
});
