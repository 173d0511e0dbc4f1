import { z } from "zod";
import { allPages } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";

const principalArn = z.string().regex(
  /^arn:aws[\w-]*:(iam::\d{12}:(user|role|group)\/[\x21-\x7e]+|sts::\d{12}:assumed-role\/[\x21-\x7e]+)$/,
  { error: "expected a user, role or group ARN like arn:aws:iam::123456789012:role/Name" },
);

const DECISION: Record<string, "allowed" | "explicit_deny" | "implicit_deny"> = {
  allowed: "allowed",
  explicitDeny: "explicit_deny",
  implicitDeny: "implicit_deny",
};

/** `iam_simulate_principal_policy`: can this principal do these actions on these resources? */
export const simulatePrincipalPolicy = defineTool({
  name: "iam_simulate_principal_policy",
  toolset: "iam",
  title: "Simulate a principal's IAM policies",
  description:
    'Can a principal do X? Each action × resource pair: allowed, explicit_deny or implicit_deny, with the matching statements. resources default to "*".',
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["iam:SimulatePrincipalPolicy"],
  input: z.object({
    principal_arn: principalArn,
    actions: z.array(
      z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, {
        error: "expected an action like s3:GetObject",
      }),
    ).min(1).max(20),
    resources: z.array(z.string().min(1).max(2048)).min(1).max(10).optional(),
  }),
  output: z.object({
    results: z.array(z.object({
      action: z.string(),
      resource: z.string(),
      decision: z.enum(["allowed", "explicit_deny", "implicit_deny"]),
      matched: z.array(z.string()).optional().describe("policy id (type) of each statement"),
      missing_context: z.array(z.string()).optional(),
    })),
  }),
  async handler(args, ctx) {
    const iam = await ctx.aws.client("iam");
    const evaluations = await allPages(async (token) => {
      const out = await iam.simulatePrincipalPolicy({
        PolicySourceArn: args.principal_arn,
        ActionNames: args.actions,
        ...(args.resources ? { ResourceArns: args.resources } : {}),
        ...(token ? { Marker: token } : {}),
      });
      return {
        items: out.EvaluationResults ?? [],
        nextToken: out.IsTruncated ? out.Marker : undefined,
      };
    });
    // With several resources IAM answers per action and lists each resource's own decision.
    const results = evaluations.flatMap((e) => {
      const perResource = e.ResourceSpecificResults?.length
        ? e.ResourceSpecificResults.map((r) => ({
          resource: r.EvalResourceName ?? "*",
          decision: r.EvalResourceDecision,
          statements: r.MatchedStatements,
          missing: r.MissingContextValues,
        }))
        : [{
          resource: e.EvalResourceName ?? "*",
          decision: e.EvalDecision,
          statements: e.MatchedStatements,
          missing: e.MissingContextValues,
        }];
      return perResource.map((r) =>
        compact({
          action: e.EvalActionName ?? "",
          resource: r.resource,
          decision: DECISION[r.decision ?? ""] ?? "implicit_deny",
          matched: r.statements?.length
            ? r.statements.map((s) => `${s.SourcePolicyId ?? "?"} (${s.SourcePolicyType ?? "?"})`)
            : undefined,
          missing_context: r.missing?.length ? r.missing : undefined,
        })
      );
    });
    return { results };
  },
});
