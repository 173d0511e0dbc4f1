import { z } from "zod";
import { mapLimit } from "../../aws/limit.ts";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { decodePolicy, pathPrefix, trustRow, trustSummary } from "./_iam.ts";

/** `iam_list_roles`: roles with who may assume them, last use and maximum session. */
export const listRoles = defineTool({
  name: "iam_list_roles",
  toolset: "iam",
  title: "List IAM roles",
  description:
    "IAM roles: who can assume each (trust policy summarised: services, accounts, federated, conditions), last used, max session hours.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["iam:ListRoles", "iam:GetRole"],
  input: z.object({
    path_prefix: pathPrefix.optional(),
    name_contains: z.string().min(1).max(64).optional(),
    ...pageInput,
  }),
  output: z.object({
    roles: z.array(z.object({
      name: z.string(),
      path: z.string().optional(),
      created: z.string().optional(),
      trusted: trustRow,
      last_used: z.string().optional(),
      last_used_region: z.string().optional(),
      max_session_hours: z.number().optional(),
    })),
    ...pageOutput,
  }),
  async handler(args, ctx) {
    const iam = await ctx.aws.client("iam");
    const needle = args.name_contains?.toLowerCase();
    const { rows, ...more } = await listPage(args, "global", async (token) => {
      const out = await iam.listRoles({
        MaxItems: 1000,
        ...(args.path_prefix ? { PathPrefix: args.path_prefix } : {}),
        ...(token ? { Marker: token } : {}),
      });
      const roles = (out.Roles ?? []).filter((r) =>
        !needle || (r.RoleName ?? "").toLowerCase().includes(needle)
      );
      return { items: roles, nextToken: out.IsTruncated ? out.Marker : undefined };
    });
    // ListRoles leaves out RoleLastUsed: GetRole has it.
    const roles = await mapLimit(rows, 8, async (r) => {
      const last = (await iam.getRole({ RoleName: r.RoleName ?? "" })).Role?.RoleLastUsed;
      return compact({
        name: r.RoleName ?? "",
        path: r.Path === "/" ? undefined : r.Path,
        created: r.CreateDate?.toISOString(),
        trusted: trustSummary(decodePolicy(r.AssumeRolePolicyDocument)),
        last_used: last?.LastUsedDate?.toISOString(),
        last_used_region: last?.Region,
        max_session_hours: r.MaxSessionDuration ? r.MaxSessionDuration / 3600 : undefined,
      });
    });
    return { roles, ...more };
  },
});
