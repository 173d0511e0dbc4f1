import { z } from "zod";
import { defineTool } from "../tool.ts";

/** Splits an STS caller ARN into the kind of principal and its name. */
export function parsePrincipal(arn: string): { type: string; name: string; session?: string } {
  const resource = arn.split(":").slice(5).join(":");
  if (resource === "root") return { type: "root", name: "root" };
  const [type = "unknown", ...rest] = resource.split("/");
  if (type === "assumed-role") {
    const [role = "", session] = rest;
    return { type: "assumed-role", name: role, ...(session ? { session } : {}) };
  }
  return { type, name: rest.at(-1) ?? "" };
}

/** `aws_whoami`: the account, principal, region and profile the server acts as. */
export const whoami = defineTool({
  name: "aws_whoami",
  toolset: "aws",
  title: "Who am I",
  description:
    "Account id, caller ARN, principal type and name (user, role, root), and the region and profile in effect. Call first when unsure which account you act on.",
  access: "read",
  idempotent: true,
  iam: ["sts:GetCallerIdentity"],
  input: z.object({}),
  output: z.object({
    arn: z.string(),
    user_id: z.string(),
    principal_type: z.string(),
    principal_name: z.string(),
    session_name: z.string().optional(),
    profile: z.string().nullable(),
  }),
  async handler(_input, ctx) {
    const id = await ctx.aws.identity();
    const principal = parsePrincipal(id.arn);
    return {
      arn: id.arn,
      user_id: id.userId,
      principal_type: principal.type,
      principal_name: principal.name,
      ...(principal.session ? { session_name: principal.session } : {}),
      profile: ctx.profile ?? null,
    };
  },
});
