import type { _InstanceType, EC2, Image } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { ToolError } from "../../aws/errors.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import { launched, metadataOptions, wait } from "./_launch.ts";
import { instanceRow } from "./list_instances.ts";
import { waitOutcome } from "./_instance_state.ts";

const DEFAULT_TYPE = { x86_64: "t3.micro", arm64: "t4g.micro" } as const;

/** Newest first; equal dates (one release built for several kernels) by name, newest kernel first. */
function newest(images: readonly Image[]): Image | undefined {
  const now = Date.now();
  return images
    .filter((i) => i.ImageId && (!i.DeprecationTime || Date.parse(i.DeprecationTime) > now))
    .sort((a, b) =>
      (b.CreationDate ?? "").localeCompare(a.CreationDate ?? "") ||
      (b.Name ?? "").localeCompare(a.Name ?? "", "en", { numeric: true })
    )[0];
}

async function amazonImage(ec2: EC2, name: string): Promise<Image | undefined> {
  const out = await ec2.describeImages({
    Owners: ["amazon"],
    Filters: [{ Name: "name", Values: [name] }, { Name: "state", Values: ["available"] }],
  });
  return newest(out.Images ?? []);
}

/**
 * The latest Amazon Linux 2023 AMI, else (emulators' catalogues may lack AL2023) the latest
 * Amazon Linux 2 one with a note. DescribeImages stands in for the public SSM parameter
 * /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-<arch>: no SSM client here.
 */
async function latestAmazonLinux(ec2: EC2, arch: "x86_64" | "arm64", region: string) {
  const al2023 = await amazonImage(ec2, `al2023-ami-2023.*-kernel-*-${arch}`);
  if (al2023) return { image: al2023 };
  const al2 = await amazonImage(ec2, `amzn2-ami-hvm-*-${arch}-gp2`);
  if (al2) {
    return {
      image: al2,
      notes: `no Amazon Linux 2023 image for ${arch} in ${region}; used Amazon Linux 2 instead`,
    };
  }
  throw new ToolError(
    "NoImage",
    `no Amazon Linux image for ${arch} in ${region}`,
    "pick an AMI with ec2_describe_images and launch it with ec2_create_instance",
  );
}

/** The default VPC's default subnet of the first availability zone. */
async function defaultSubnet(ec2: EC2, ctx: ToolContext) {
  const vpcs = await ec2.describeVpcs({ Filters: [{ Name: "is-default", Values: ["true"] }] });
  const vpcId = vpcs.Vpcs?.[0]?.VpcId;
  const hint = "pass subnet_id (and security_group_ids) to ec2_create_instance instead";
  if (!vpcId) {
    throw new ToolError("NoDefaultVpc", `region ${ctx.region} has no default VPC`, hint);
  }
  const out = await ec2.describeSubnets({
    Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "default-for-az", Values: ["true"] }],
  });
  const subnet = (out.Subnets ?? [])
    .filter((s) => s.SubnetId)
    .sort((a, b) => (a.AvailabilityZone ?? "").localeCompare(b.AvailabilityZone ?? ""))[0];
  if (!subnet?.SubnetId) {
    throw new ToolError("NoDefaultSubnet", `the default VPC ${vpcId} has no default subnet`, hint);
  }
  return subnet.SubnetId;
}

/** `ec2_create_instance_minimal`: one Amazon Linux instance in the default VPC, defaults for the rest. */
export const createInstanceMinimal = defineTool({
  name: "ec2_create_instance_minimal",
  toolset: "ec2",
  title: "Create an EC2 instance with defaults",
  description:
    "Launch one instance of the latest Amazon Linux 2023 in the default VPC (t3.micro, or t4g.micro on arm64; IMDSv2). Returns the image, subnet, type and instance row. No default VPC: use ec2_create_instance.",
  access: "write",
  idempotent: false,
  verify: "ec2_list_instances",
  iam: [
    "ec2:DescribeImages",
    "ec2:DescribeVpcs",
    "ec2:DescribeSubnets",
    "ec2:RunInstances",
    "ec2:CreateTags",
    "ec2:DescribeInstances",
  ],
  input: z.object({
    architecture: z.enum(["x86_64", "arm64"]).default("x86_64"),
    instance_type: z.string().min(1).optional(),
    key_name: z.string().min(1).optional(),
    name: z.string().min(1).max(256).optional().describe("Name tag"),
    tags: resourceTags.optional(),
    wait,
  }),
  output: z.object({
    image: z.object({ id: z.string(), name: z.string().optional() }),
    subnet_id: z.string(),
    instance_type: z.string(),
    instance: instanceRow.optional(),
    notes: z.string().optional(),
    wait: waitOutcome.optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const [{ image, notes }, subnetId] = await Promise.all([
      latestAmazonLinux(ec2, args.architecture, ctx.region),
      defaultSubnet(ec2, ctx),
    ]);
    const instanceType = args.instance_type ?? DEFAULT_TYPE[args.architecture];
    const tags = args.name ? { ...args.tags, Name: args.name } : args.tags;
    const out = await ec2.runInstances({
      ImageId: image.ImageId,
      InstanceType: instanceType as _InstanceType,
      MinCount: 1,
      MaxCount: 1,
      SubnetId: subnetId,
      ...(args.key_name ? { KeyName: args.key_name } : {}),
      MetadataOptions: metadataOptions(),
      ...tagSpecifications(ctx, tags, "instance", "volume"),
      DryRun: ctx.dryRun,
    });
    const { instances, ...waited } = await launched(ctx, out.Instances ?? [], args.wait);
    return {
      image: { id: image.ImageId ?? "", ...(image.Name ? { name: image.Name } : {}) },
      subnet_id: subnetId,
      instance_type: instanceType,
      ...(instances[0] ? { instance: instances[0] } : {}),
      ...(notes ? { notes } : {}),
      ...waited,
    };
  },
});
