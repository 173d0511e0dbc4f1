import type { CloudWatchLogs } from "@aws-sdk/client-cloudwatch-logs";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import type { TagLookup } from "../../aws/guards.ts";
import { dryRunOutcome } from "../../schemas/dry_run.ts";
import { defineTool } from "../tool.ts";
import { logGroupName } from "./_logs.ts";

/** The retention periods CloudWatch Logs accepts, in days. */
export const RETENTION_DAYS = [
  1,
  3,
  5,
  7,
  14,
  30,
  60,
  90,
  120,
  150,
  180,
  365,
  400,
  545,
  731,
  1096,
  1827,
  2192,
  2557,
  2922,
  3288,
  3653,
] as const;

const DAY_MS = 86_400_000;

async function findGroup(logs: CloudWatchLogs, name: string) {
  const out = await logs.describeLogGroups({ logGroupNamePrefix: name, limit: 50 });
  const group = out.logGroups?.find((g) => g.logGroupName === name);
  if (!group) {
    throw new ToolError(
      "ResourceNotFoundException",
      `log group ${name} does not exist`,
      "list the groups with logs_describe_log_groups",
    );
  }
  return group;
}

/** `--require-tag` over the log groups' own tags (ListTagsForResource, by ARN). */
function logGroupTagLookup(logs: CloudWatchLogs, arn: string): TagLookup {
  return async (ids) => {
    const out = await logs.listTagsForResource({ resourceArn: arn });
    return new Map(ids.map((id) => [id, out.tags ?? {}]));
  };
}

/** `logs_put_retention_policy`: sets how long a log group keeps events. */
export const putRetentionPolicy = defineTool({
  name: "logs_put_retention_policy",
  toolset: "logs",
  title: "Set a log group's retention",
  description:
    "Set how many days a log group keeps events. Shortening it (or setting one where events never expired) deletes older events: that needs destructive mode and the user's confirmation.",
  access: "write",
  idempotent: true,
  iam: ["logs:PutRetentionPolicy", "logs:DescribeLogGroups", "logs:ListTagsForResource"],
  input: z.object({
    log_group: logGroupName,
    days: z.int().refine((d) => (RETENTION_DAYS as readonly number[]).includes(d), {
      error: `expected one of ${RETENTION_DAYS.join(", ")}`,
    }).describe("1, 3, 5, 7, 14, 30, 60, 90… 3653"),
  }),
  output: z.object({
    log_group: z.string().optional(),
    retention_days: z.object({ from: z.int().nullable(), to: z.int() }).optional(),
    deletes_events_before: z.string().optional(),
    dry_run: dryRunOutcome.optional(),
  }),
  async handler(args, ctx) {
    const logs = await ctx.aws.client("logs");
    const group = await findGroup(logs, args.log_group);
    const arn = group.logGroupArn ?? (group.arn ?? "").replace(/:\*$/, "");
    await ctx.guard.requireTag([args.log_group], logGroupTagLookup(logs, arn));
    const from = group.retentionInDays ?? null;
    const shortens = from === null || args.days < from;
    const before = new Date(Date.now() - args.days * DAY_MS).toISOString();
    if (shortens) {
      const was = from === null ? "never expire" : `${from} days`;
      ctx.guard.requireMode("destructive", `shortening retention of ${args.log_group}`);
      await ctx.guard.confirm(
        `Shorten retention of log group ${args.log_group} from ${was} to ${args.days} days: events older than ${before} will be deleted`,
      );
    }
    // Logs has no DryRun: a dry run stops after the lookups and guards.
    if (!ctx.dryRun) {
      await logs.putRetentionPolicy({ logGroupName: args.log_group, retentionInDays: args.days });
    }
    return {
      log_group: args.log_group,
      retention_days: { from, to: args.days },
      ...(shortens ? { deletes_events_before: before } : {}),
      ...(ctx.dryRun
        ? {
          dry_run: {
            would_succeed: true,
            message:
              `the guards passed and the group exists; nothing was changed (CloudWatch Logs has no dry run, so logs:PutRetentionPolicy was not checked)`,
          },
        }
        : {}),
    };
  },
});
