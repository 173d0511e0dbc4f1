import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { pathPrefix } from "./_iam.ts";

/** `iam_list_policies`: managed policies with their attachment counts. */
export const listPolicies = defineTool({
  name: "iam_list_policies",
  toolset: "iam",
  title: "List IAM managed policies",
  description:
    "Managed policies with attachment and boundary-use counts: customer-managed by default, scope aws or all on request.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["iam:ListPolicies"],
  input: z.object({
    scope: z.enum(["local", "aws", "all"]).optional(),
    attached_only: z.boolean().optional(),
    path_prefix: pathPrefix.optional(),
    name_contains: z.string().min(1).max(128).optional(),
    ...pageInput,
  }),
  output: z.object({
    policies: z.array(z.object({
      name: z.string(),
      arn: z.string(),
      attachments: z.int().optional(),
      boundary_uses: z.int().optional(),
      default_version: z.string().optional(),
      updated: z.string().optional(),
    })),
    ...pageOutput,
  }),
  async handler(args, ctx) {
    const iam = await ctx.aws.client("iam");
    const scope = ({ local: "Local", aws: "AWS", all: "All" } as const)[args.scope ?? "local"];
    const needle = args.name_contains?.toLowerCase();
    const { rows, ...more } = await listPage(args, "global", async (token) => {
      const out = await iam.listPolicies({
        Scope: scope,
        MaxItems: 1000,
        ...(args.attached_only ? { OnlyAttached: true } : {}),
        ...(args.path_prefix ? { PathPrefix: args.path_prefix } : {}),
        ...(token ? { Marker: token } : {}),
      });
      const policies = (out.Policies ?? []).filter((p) =>
        !needle || (p.PolicyName ?? "").toLowerCase().includes(needle)
      ).map((p) =>
        compact({
          name: p.PolicyName ?? "",
          arn: p.Arn ?? "",
          attachments: p.AttachmentCount,
          boundary_uses: p.PermissionsBoundaryUsageCount || undefined,
          default_version: p.DefaultVersionId,
          updated: p.UpdateDate?.toISOString(),
        })
      );
      return { items: policies, nextToken: out.IsTruncated ? out.Marker : undefined };
    });
    return { policies: rows, ...more };
  },
});
