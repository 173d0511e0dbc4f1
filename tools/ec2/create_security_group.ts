import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { ToolError } from "../../aws/errors.ts";
import { vpcId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";

// What AWS accepts in a VPC security group's name and description.
const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/;
const groupText = z.string().regex(GROUP_TEXT, {
  error: "expected 1-255 characters of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
});

/** `ec2_create_security_group`: a new, empty security group in a VPC (default: the default VPC). */
export const createSecurityGroup = defineTool({
  name: "ec2_create_security_group",
  toolset: "ec2_security_groups",
  title: "Create a security group",
  description:
    "Create a security group in vpc_id (default: the region's default VPC). It starts with no inbound rules and all outbound allowed; add rules with ec2_authorize_security_group_ingress. Returns group_id.",
  access: "write",
  // A repeat fails with InvalidGroup.Duplicate, so a lost answer must not be retried blindly: the
  // retry would report a duplicate of the group this very call created.
  idempotent: false,
  verify: "ec2_describe_security_groups",
  iam: ["ec2:CreateSecurityGroup", "ec2:CreateTags", "ec2:DescribeVpcs"],
  input: z.object({
    group_name: groupText.refine((n) => !n.toLowerCase().startsWith("sg-"), {
      error: "must not start with sg-",
    }),
    description: groupText,
    vpc_id: vpcId.optional(),
    tags: resourceTags.optional(),
  }),
  output: z.object({ group_id: z.string(), group_name: z.string(), vpc_id: z.string() }),
  async handler(input, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    let vpc = input.vpc_id;
    if (!vpc) {
      const out = await ec2.describeVpcs({ Filters: [{ Name: "is-default", Values: ["true"] }] });
      vpc = out.Vpcs?.[0]?.VpcId;
      if (!vpc) {
        throw new ToolError(
          "NoDefaultVpc",
          `${ctx.region} has no default VPC`,
          "pass vpc_id (list VPCs with vpc_list_vpcs)",
        );
      }
    }
    const out = await ec2.createSecurityGroup({
      GroupName: input.group_name,
      Description: input.description,
      VpcId: vpc,
      ...tagSpecifications(ctx, input.tags, "security-group"),
      DryRun: ctx.dryRun,
    });
    return { group_id: out.GroupId ?? "", group_name: input.group_name, vpc_id: vpc };
  },
});
