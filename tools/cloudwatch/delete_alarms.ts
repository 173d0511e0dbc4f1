import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { dryRunOutcome } from "../../schemas/dry_run.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import {
  alarmNames,
  alarmsByName,
  alarmTagLookup,
  type AnyAlarm,
  arnsOf,
  refuseUnknown,
} from "./_alarm.ts";

const input = z.object({ alarm_names: alarmNames });

/**
 * Looks the alarms up and applies the guards: unknown names and, under --require-tag, untagged
 * alarms are refused before anyone is asked or anything is deleted.
 */
async function checked(
  args: z.infer<typeof input>,
  ctx: ToolContext,
): Promise<Map<string, AnyAlarm>> {
  const cw = await ctx.aws.client("cloudwatch");
  const found = await alarmsByName(cw, args.alarm_names);
  refuseUnknown(args.alarm_names, found, ctx.region);
  await ctx.guard.requireTag(args.alarm_names, alarmTagLookup(cw, arnsOf(found)));
  return found;
}

function describe(names: readonly string[], found: Map<string, AnyAlarm>): string {
  const n = names.length;
  const list = names.map((name) => `${name} (${found.get(name)?.StateValue ?? "unknown state"})`);
  return `${n} alarm${n === 1 ? "" : "s"}: ${list.join(", ")}`;
}

/** `cloudwatch_delete_alarms`: deletes metric or composite alarms by name after the human confirms. */
export const deleteAlarms = defineTool({
  name: "cloudwatch_delete_alarms",
  toolset: "cloudwatch",
  title: "Delete CloudWatch alarms",
  description:
    "Permanently delete CloudWatch alarms (metric or composite) by name, up to 100. Refuses if any name is not an alarm in the region, deleting nothing. Asks the user to confirm.",
  access: "destructive",
  idempotent: true,
  iam: [
    "cloudwatch:DescribeAlarms",
    "cloudwatch:DeleteAlarms",
    "cloudwatch:ListTagsForResource",
  ],
  input,
  output: z.object({ deleted: z.array(z.string()).optional(), dry_run: dryRunOutcome.optional() }),
  async guards(args, ctx) {
    if (!ctx.dryRun) await checked(args, ctx); // a dry run reports the refusal in its answer
  },
  async confirm(args, ctx) {
    const found = await alarmsByName(await ctx.aws.client("cloudwatch"), args.alarm_names);
    return `Delete ${describe(args.alarm_names, found)}`;
  },
  async handler(args, ctx) {
    if (ctx.dryRun) {
      // CloudWatch has no DryRun: the lookups and guards run, nothing is deleted.
      try {
        const found = await checked(args, ctx);
        return {
          dry_run: {
            would_succeed: true,
            message: `would delete ${
              describe(args.alarm_names, found)
            }; nothing was changed (CloudWatch has no dry run, so cloudwatch:DeleteAlarms was not checked)`,
          },
        };
      } catch (err) {
        if (!(err instanceof ToolError)) throw err;
        return { dry_run: { would_succeed: false, message: `${err.code}: ${err.message}` } };
      }
    }
    await checked(args, ctx);
    const cw = await ctx.aws.client("cloudwatch");
    await cw.deleteAlarms({ AlarmNames: args.alarm_names });
    return { deleted: args.alarm_names };
  },
});
