import type { IAM, User } from "@aws-sdk/client-iam";
import { z } from "zod";
import { mapLimit } from "../../aws/limit.ts";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { daysSince, keySuffix, pathPrefix } from "./_iam.ts";

const keyRow = z.object({
  id: z.string(),
  status: z.string().optional(),
  age_days: z.int().optional(),
  last_used: z.string().optional(),
  last_service: z.string().optional(),
});

const userRow = z.object({
  name: z.string(),
  created: z.string().optional(),
  console: z.boolean(),
  password_last_used: z.string().optional(),
  mfa: z.boolean(),
  access_keys: z.array(keyRow).optional(),
  groups: z.array(z.string()).optional(),
});

async function consoleAccess(iam: IAM, name: string): Promise<boolean> {
  try {
    await iam.getLoginProfile({ UserName: name });
    return true;
  } catch (err) {
    if ((err as { name?: string })?.name === "NoSuchEntityException") return false;
    throw err;
  }
}

/** One user's row: console access, MFA, access keys (suffix, age, last use) and groups. */
async function userSummary(iam: IAM, user: User, now: number): Promise<z.input<typeof userRow>> {
  const name = user.UserName ?? "";
  const [console, mfa, keys, groups] = await Promise.all([
    consoleAccess(iam, name),
    iam.listMFADevices({ UserName: name }),
    iam.listAccessKeys({ UserName: name }),
    iam.listGroupsForUser({ UserName: name }),
  ]);
  const access_keys = await Promise.all((keys.AccessKeyMetadata ?? []).map(async (k) => {
    const used = await iam.getAccessKeyLastUsed({ AccessKeyId: k.AccessKeyId ?? "" });
    const last = used.AccessKeyLastUsed;
    return compact({
      id: keySuffix(k.AccessKeyId),
      status: k.Status,
      age_days: daysSince(k.CreateDate, now),
      last_used: last?.LastUsedDate?.toISOString(),
      last_service: last?.ServiceName === "N/A" ? undefined : last?.ServiceName,
    });
  }));
  return compact({
    name,
    created: user.CreateDate?.toISOString(),
    console,
    password_last_used: user.PasswordLastUsed?.toISOString(),
    mfa: (mfa.MFADevices ?? []).length > 0,
    ...(access_keys.length ? { access_keys } : {}),
    ...(groups.Groups?.length ? { groups: groups.Groups.map((g) => g.GroupName ?? "") } : {}),
  });
}

/** `iam_list_users`: users with console access, MFA, access keys and groups. */
export const listUsers = defineTool({
  name: "iam_list_users",
  toolset: "iam",
  title: "List IAM users",
  description:
    "IAM users: created, console access, password last used, MFA, access keys (id suffix, status, age, last used), groups.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: [
    "iam:ListUsers",
    "iam:GetLoginProfile",
    "iam:ListMFADevices",
    "iam:ListAccessKeys",
    "iam:GetAccessKeyLastUsed",
    "iam:ListGroupsForUser",
  ],
  input: z.object({ path_prefix: pathPrefix.optional(), ...pageInput }),
  output: z.object({ users: z.array(userRow), ...pageOutput }),
  async handler(args, ctx) {
    const iam = await ctx.aws.client("iam");
    const { rows, ...more } = await listPage(args, "global", async (token) => {
      const out = await iam.listUsers({
        MaxItems: 1000,
        ...(args.path_prefix ? { PathPrefix: args.path_prefix } : {}),
        ...(token ? { Marker: token } : {}),
      });
      return { items: out.Users ?? [], nextToken: out.IsTruncated ? out.Marker : undefined };
    });
    const now = Date.now();
    const users = await mapLimit(rows, 8, (u) => userSummary(iam, u, now));
    return { users, ...more };
  },
});
