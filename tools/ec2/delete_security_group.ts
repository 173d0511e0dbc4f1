import type { NetworkInterface, SecurityGroup } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { securityGroupId } from "../../schemas/ids.ts";
import { quoted } from "../../schemas/sanitize.ts";
import { defineTool, type ToolContext } from "../tool.ts";

const SHOWN = 5;

function attachment(eni: NetworkInterface): string {
  const owner = eni.Attachment?.InstanceId ?? eni.Description ?? eni.InterfaceType;
  return `${eni.NetworkInterfaceId ?? "?"}${owner ? ` (${owner})` : ""}`;
}

/**
 * The group, after checking that no network interface uses it: AWS would refuse with a bare
 * DependencyViolation, and the human should not be asked about a deletion that cannot happen.
 */
async function deletableGroup(id: string, ctx: ToolContext): Promise<SecurityGroup> {
  const ec2 = await ctx.aws.client("ec2");
  const [groups, enis] = await Promise.all([
    ec2.describeSecurityGroups({ GroupIds: [id] }),
    ec2.describeNetworkInterfaces({ Filters: [{ Name: "group-id", Values: [id] }] }),
  ]);
  const group = groups.SecurityGroups?.find((g) => g.GroupId === id);
  if (!group) {
    throw new ToolError(
      "InvalidGroup.NotFound",
      `security group ${id} does not exist in ${ctx.region}`,
      "list groups with ec2_describe_security_groups, or pass another region",
    );
  }
  const using = enis.NetworkInterfaces ?? [];
  if (using.length) {
    const more = using.length > SHOWN || enis.NextToken ? ", …" : "";
    throw new ToolError(
      "DependencyViolation",
      `security group ${id} is in use by ${
        enis.NextToken ? "more than " : ""
      }${using.length} network interface(s): ${
        using.slice(0, SHOWN).map(attachment).join(", ")
      }${more}`,
      "move those interfaces or instances to another group, or delete them, then retry",
    );
  }
  return group;
}

/** `ec2_delete_security_group`: deletes a security group that no network interface uses. */
export const deleteSecurityGroup = defineTool({
  name: "ec2_delete_security_group",
  toolset: "ec2_security_groups",
  title: "Delete a security group",
  description:
    "Delete a security group. Refused while network interfaces use it (lists up to 5); AWS also refuses while other groups' rules reference it, and for a VPC's default group.",
  access: "destructive",
  idempotent: true,
  iam: [
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteSecurityGroup",
    "ec2:DescribeTags",
  ],
  input: z.object({ group_id: securityGroupId }),
  output: z.object({
    deleted_group_id: z.string(),
    group_name: z.string().optional(),
    vpc_id: z.string().optional(),
  }),
  async guards(input, ctx) {
    await ctx.guard.requireTag([input.group_id]);
    await deletableGroup(input.group_id, ctx);
  },
  async confirm(input, ctx) {
    const group = await deletableGroup(input.group_id, ctx);
    return `Delete security group ${input.group_id} (${
      group.GroupName ? quoted(group.GroupName) : "no name"
    }, ${group.VpcId ?? "no VPC"})`;
  },
  async handler(input, ctx) {
    await ctx.guard.requireTag([input.group_id]);
    const group = await deletableGroup(input.group_id, ctx);
    const ec2 = await ctx.aws.client("ec2");
    await ec2.deleteSecurityGroup({ GroupId: input.group_id, DryRun: ctx.dryRun });
    return {
      deleted_group_id: input.group_id,
      ...(group.GroupName ? { group_name: group.GroupName } : {}),
      ...(group.VpcId ? { vpc_id: group.VpcId } : {}),
    };
  },
});
