import { z } from "zod";
import { securityGroupId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { ingressRules, refusePublicAdmin, renderRule, toIpPermission } from "./_sg_rules.ts";

/** `ec2_authorize_security_group_ingress`: adds inbound rules, refusing public SSH/RDP/all ports. */
export const authorizeSecurityGroupIngress = defineTool({
  name: "ec2_authorize_security_group_ingress",
  toolset: "ec2_security_groups",
  title: "Add inbound security group rules",
  description:
    "Add inbound rules to a security group (one source per rule; icmp ports are type, code). Refuses 22, 3389 or all ports from 0.0.0.0/0 or ::/0 unless allow_public. Returns the rules added.",
  access: "write",
  // Adding a rule that exists fails and changes nothing.
  idempotent: true,
  iam: ["ec2:AuthorizeSecurityGroupIngress", "ec2:DescribeTags"],
  input: z.object({
    group_id: securityGroupId,
    rules: ingressRules,
    allow_public: z.boolean().optional(),
  }),
  output: z.object({ group_id: z.string(), added: z.array(z.string()) }),
  async handler(input, ctx) {
    if (!input.allow_public) refusePublicAdmin(input.rules);
    await ctx.guard.requireTag([input.group_id]);
    const ec2 = await ctx.aws.client("ec2");
    await ec2.authorizeSecurityGroupIngress({
      GroupId: input.group_id,
      IpPermissions: input.rules.map(toIpPermission),
      DryRun: ctx.dryRun,
    });
    return { group_id: input.group_id, added: input.rules.map(renderRule) };
  },
});
