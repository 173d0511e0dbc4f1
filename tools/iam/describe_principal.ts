import type { AttachedPolicy, IAM } from "@aws-sdk/client-iam";
import { z } from "zod";
import { allPages } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { decodePolicy, PRINCIPAL_KINDS, principalName } from "./_iam.ts";

/** One IAM page as allPages wants it: IAM says IsTruncated and hands back a Marker. */
const page = <T>(
  items: T[] | undefined,
  out: { IsTruncated?: boolean | undefined; Marker?: string | undefined },
) => ({ items: items ?? [], nextToken: out.IsTruncated ? out.Marker : undefined });
const marker = (token: string | undefined) => token ? { Marker: token } : {};

const policyRef = (p: AttachedPolicy) => ({ name: p.PolicyName ?? "", arn: p.PolicyArn ?? "" });

async function describeUser(iam: IAM, name: string) {
  const [user, attached, inline, groups] = await Promise.all([
    iam.getUser({ UserName: name }),
    allPages(async (t) => {
      const out = await iam.listAttachedUserPolicies({ UserName: name, ...marker(t) });
      return page(out.AttachedPolicies, out);
    }),
    allPages(async (t) => {
      const out = await iam.listUserPolicies({ UserName: name, ...marker(t) });
      return page(out.PolicyNames, out);
    }),
    allPages(async (t) => {
      const out = await iam.listGroupsForUser({ UserName: name, ...marker(t) });
      return page(out.Groups, out);
    }),
  ]);
  const u = user.User;
  return {
    arn: u?.Arn ?? "",
    created: u?.CreateDate?.toISOString(),
    attached_policies: attached.map(policyRef),
    inline_policies: inline,
    groups: groups.map((g) => g.GroupName ?? ""),
    permissions_boundary: u?.PermissionsBoundary?.PermissionsBoundaryArn,
    tags: u?.Tags,
  };
}

async function describeRole(iam: IAM, name: string) {
  const [role, attached, inline] = await Promise.all([
    iam.getRole({ RoleName: name }),
    allPages(async (t) => {
      const out = await iam.listAttachedRolePolicies({ RoleName: name, ...marker(t) });
      return page(out.AttachedPolicies, out);
    }),
    allPages(async (t) => {
      const out = await iam.listRolePolicies({ RoleName: name, ...marker(t) });
      return page(out.PolicyNames, out);
    }),
  ]);
  const r = role.Role;
  return {
    arn: r?.Arn ?? "",
    created: r?.CreateDate?.toISOString(),
    attached_policies: attached.map(policyRef),
    inline_policies: inline,
    permissions_boundary: r?.PermissionsBoundary?.PermissionsBoundaryArn,
    trust_policy: decodePolicy(r?.AssumeRolePolicyDocument),
    last_used: r?.RoleLastUsed?.LastUsedDate?.toISOString(),
    max_session_hours: r?.MaxSessionDuration ? r.MaxSessionDuration / 3600 : undefined,
    tags: r?.Tags,
  };
}

async function describeGroup(iam: IAM, name: string) {
  const [group, attached, inline] = await Promise.all([
    iam.getGroup({ GroupName: name }),
    allPages(async (t) => {
      const out = await iam.listAttachedGroupPolicies({ GroupName: name, ...marker(t) });
      return page(out.AttachedPolicies, out);
    }),
    allPages(async (t) => {
      const out = await iam.listGroupPolicies({ GroupName: name, ...marker(t) });
      return page(out.PolicyNames, out);
    }),
  ]);
  return {
    arn: group.Group?.Arn ?? "",
    created: group.Group?.CreateDate?.toISOString(),
    attached_policies: attached.map(policyRef),
    inline_policies: inline,
    members: (group.Users ?? []).map((u) => u.UserName ?? ""),
  };
}

/** `iam_describe_principal`: a user, role or group's policies, groups, boundary, trust and tags. */
export const describePrincipal = defineTool({
  name: "iam_describe_principal",
  toolset: "iam",
  title: "Describe an IAM user, role or group",
  description:
    "A user, role or group: attached managed policies, inline policy names, groups (user) or members (group), permissions boundary, trust policy and last use (role), tags.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: [
    "iam:GetUser",
    "iam:ListAttachedUserPolicies",
    "iam:ListUserPolicies",
    "iam:ListGroupsForUser",
    "iam:GetRole",
    "iam:ListAttachedRolePolicies",
    "iam:ListRolePolicies",
    "iam:GetGroup",
    "iam:ListAttachedGroupPolicies",
    "iam:ListGroupPolicies",
  ],
  input: z.object({ kind: z.enum(PRINCIPAL_KINDS), name: principalName }),
  output: z.object({
    kind: z.enum(PRINCIPAL_KINDS),
    name: z.string(),
    arn: z.string(),
    created: z.string().optional(),
    attached_policies: z.array(z.object({ name: z.string(), arn: z.string() })),
    inline_policies: z.array(z.string()),
    groups: z.array(z.string()).optional(),
    members: z.array(z.string()).optional(),
    permissions_boundary: z.string().optional(),
    trust_policy: z.unknown().optional(),
    last_used: z.string().optional(),
    max_session_hours: z.number().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
  async handler(args, ctx) {
    const iam = await ctx.aws.client("iam");
    const { tags, ...found } = args.kind === "user"
      ? await describeUser(iam, args.name)
      : args.kind === "role"
      ? await describeRole(iam, args.name)
      : { ...await describeGroup(iam, args.name), tags: undefined };
    return compact({
      kind: args.kind,
      name: args.name,
      ...found,
      tags: tags?.length
        ? Object.fromEntries(tags.map((t) => [t.Key ?? "", t.Value ?? ""]))
        : undefined,
    });
  },
});
