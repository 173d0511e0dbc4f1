import { z } from "zod";
import { securityGroupId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { renderRules } from "./describe_security_groups.ts";
import { ingressRules, renderRule, toIpPermission } from "./_sg_rules.ts";

/** `ec2_revoke_security_group_ingress`: removes inbound rules from a security group. */
export const revokeSecurityGroupIngress = defineTool({
  name: "ec2_revoke_security_group_ingress",
  toolset: "ec2_security_groups",
  title: "Remove inbound security group rules",
  description:
    "Remove inbound rules from a security group; each must match an existing rule exactly, else it is in not_found or the call fails. Returns the rules removed.",
  access: "write",
  // Removing a rule that is gone fails and changes nothing.
  idempotent: true,
  iam: ["ec2:RevokeSecurityGroupIngress", "ec2:DescribeTags"],
  input: z.object({ group_id: securityGroupId, rules: ingressRules }),
  output: z.object({
    group_id: z.string(),
    removed: z.array(z.string()),
    not_found: z.array(z.string()).optional(),
  }),
  async handler(input, ctx) {
    await ctx.guard.requireTag([input.group_id]);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.revokeSecurityGroupIngress({
      GroupId: input.group_id,
      IpPermissions: input.rules.map(toIpPermission),
      DryRun: ctx.dryRun,
    });
    // AWS may revoke the rules it knows and name the others instead of failing the whole call.
    const unknown = renderRules(out.UnknownIpPermissions, "inbound");
    const removed = input.rules.map(renderRule).filter((r) => !unknown.includes(r));
    return {
      group_id: input.group_id,
      removed,
      ...(unknown.length ? { not_found: unknown } : {}),
    };
  },
});
