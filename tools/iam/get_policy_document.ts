import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { decodePolicy, PRINCIPAL_KINDS, principalName } from "./_iam.ts";

const policyArn = z.string().regex(/^arn:aws[\w-]*:iam::(\d{12}|aws):policy\/[\x21-\x7e]+$/, {
  error: "expected a policy ARN like arn:aws:iam::aws:policy/ReadOnlyAccess",
});

/** `iam_get_policy_document`: a managed policy version's or an inline policy's decoded JSON. */
export const getPolicyDocument = defineTool({
  name: "iam_get_policy_document",
  toolset: "iam",
  title: "Get an IAM policy document",
  description:
    "A policy's decoded JSON: a managed policy by policy_arn (default version, or version_id), or an inline policy by kind, name and policy_name.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: [
    "iam:GetPolicy",
    "iam:GetPolicyVersion",
    "iam:GetUserPolicy",
    "iam:GetRolePolicy",
    "iam:GetGroupPolicy",
  ],
  input: z.object({
    policy_arn: policyArn.optional(),
    version_id: z.string().regex(/^v[1-9]\d*$/, { error: "expected a version like v3" })
      .optional(),
    kind: z.enum(PRINCIPAL_KINDS).optional(),
    name: principalName.optional(),
    policy_name: principalName.optional(),
  }),
  output: z.object({
    policy_arn: z.string().optional(),
    version_id: z.string().optional(),
    default_version: z.boolean().optional(),
    kind: z.enum(PRINCIPAL_KINDS).optional(),
    name: z.string().optional(),
    policy_name: z.string().optional(),
    document: z.unknown(),
  }),
  async handler(args, ctx) {
    const inline = args.kind !== undefined || args.name !== undefined ||
      args.policy_name !== undefined;
    if (args.policy_arn ? inline : !(args.kind && args.name && args.policy_name)) {
      throw new ToolError(
        "InvalidInput",
        "policy_arn: give either policy_arn, or kind, name and policy_name together",
        "pass policy_arn for a managed policy, or all three for an inline one",
      );
    }
    const iam = await ctx.aws.client("iam");
    if (args.policy_arn) {
      const version = args.version_id ??
        (await iam.getPolicy({ PolicyArn: args.policy_arn })).Policy?.DefaultVersionId ?? "";
      const out = await iam.getPolicyVersion({ PolicyArn: args.policy_arn, VersionId: version });
      return compact({
        policy_arn: args.policy_arn,
        version_id: out.PolicyVersion?.VersionId ?? version,
        default_version: out.PolicyVersion?.IsDefaultVersion,
        document: decodePolicy(out.PolicyVersion?.Document),
      });
    }
    const { kind, name, policy_name } = args as Required<typeof args>;
    const document = kind === "user"
      ? (await iam.getUserPolicy({ UserName: name, PolicyName: policy_name })).PolicyDocument
      : kind === "role"
      ? (await iam.getRolePolicy({ RoleName: name, PolicyName: policy_name })).PolicyDocument
      : (await iam.getGroupPolicy({ GroupName: name, PolicyName: policy_name })).PolicyDocument;
    return { kind, name, policy_name, document: decodePolicy(document) };
  },
});
