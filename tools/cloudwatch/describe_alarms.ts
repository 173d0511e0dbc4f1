import type { AlarmType, MetricAlarm, StateValue } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import {
  alarmName,
  alarmNames,
  type AnyAlarm,
  isComposite,
  renderComparison,
  renderMetric,
  short,
} from "./_alarm.ts";

const TYPES = { metric: "MetricAlarm", composite: "CompositeAlarm" } as const satisfies Record<
  string,
  AlarmType
>;

/** The compact row of one alarm. */
export const alarmRow = z.object({
  name: z.string(),
  type: z.literal("composite").optional(),
  state: z.string().optional(),
  metric: z.string().optional(),
  statistic: z.string().optional(),
  comparison: z.string().optional(),
  rule: z.string().optional(),
  since: z.string().optional(),
  reason: z.string().optional(),
  actions: z.int(),
  actions_enabled: z.literal(false).optional(),
  sns_topics: z.array(z.string()).optional(),
});

function actionsOf(a: AnyAlarm): string[] {
  return [...a.AlarmActions ?? [], ...a.OKActions ?? [], ...a.InsufficientDataActions ?? []];
}

/** The compact row of an alarm: what it watches, how it compares, its state and actions. */
export function alarmSummary(
  a: AnyAlarm,
  composite: boolean = isComposite(a),
): z.input<typeof alarmRow> {
  const actions = actionsOf(a);
  const topics = [
    ...new Set(actions.filter((x) => x.startsWith("arn:") && x.split(":")[2] === "sns")),
  ].map((arn) => arn.split(":").slice(5).join(":"));
  const metric = composite ? undefined : a as MetricAlarm;
  return compact({
    name: a.AlarmName ?? "",
    type: metric ? undefined : "composite" as const,
    state: a.StateValue,
    metric: metric && renderMetric(metric),
    statistic: metric?.Statistic ?? metric?.ExtendedStatistic,
    comparison: metric && renderComparison(metric),
    rule: metric ? undefined : short((a as { AlarmRule?: string }).AlarmRule, 300),
    since: a.StateUpdatedTimestamp?.toISOString(),
    reason: short(a.StateReason),
    actions: actions.length,
    actions_enabled: a.ActionsEnabled === false ? false as const : undefined,
    sns_topics: topics.length ? topics : undefined,
  });
}

const input = z.object({
  state: z.enum(["OK", "ALARM", "INSUFFICIENT_DATA"]).optional(),
  name_prefix: alarmName.optional(),
  alarm_names: alarmNames.optional(),
  action_prefix: z.string().min(1).max(1024).optional().describe("e.g. SNS topic ARN"),
  type: z.enum(["metric", "composite"]).optional(),
  ...pageInput,
});

/** `cloudwatch_describe_alarms`: compact, paged rows of the alarms that match the filters. */
export const describeAlarms = defineTool({
  name: "cloudwatch_describe_alarms",
  toolset: "cloudwatch",
  title: "Describe CloudWatch alarms",
  description:
    "CloudWatch alarms (metric and composite) as compact rows: name, state, metric, statistic, comparison (e.g. CPUUtilization > 80 for 3×300s), since, reason, actions, SNS topics. Filters AND. Paged.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:DescribeAlarms"],
  input,
  output: z.object({ alarms: z.array(alarmRow), ...pageOutput }),
  async handler(args, ctx) {
    if (args.alarm_names && args.name_prefix) {
      throw new ToolError(
        "InvalidInput",
        "alarm_names: cannot be combined with name_prefix",
        "pass one of alarm_names, name_prefix",
      );
    }
    const cw = await ctx.aws.client("cloudwatch");
    const types = args.type ? [TYPES[args.type]] : Object.values(TYPES);
    const names = args.alarm_names && new Set(args.alarm_names);
    // AWS applies every filter; some emulators apply only one, so rows are checked again here.
    const keep = (a: AnyAlarm) =>
      (!args.state || a.StateValue === args.state) &&
      (!args.name_prefix || a.AlarmName?.startsWith(args.name_prefix) === true) &&
      (!names || names.has(a.AlarmName ?? "")) &&
      (!args.action_prefix || actionsOf(a).some((x) => x.startsWith(args.action_prefix!)));
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await cw.describeAlarms({
        AlarmTypes: types,
        ...(args.state ? { StateValue: args.state as StateValue } : {}),
        ...(args.name_prefix ? { AlarmNamePrefix: args.name_prefix } : {}),
        ...(args.alarm_names ? { AlarmNames: args.alarm_names } : {}),
        ...(args.action_prefix ? { ActionPrefix: args.action_prefix } : {}),
        MaxRecords: 100,
        ...(token ? { NextToken: token } : {}),
      });
      const metric = types.includes("MetricAlarm") ? out.MetricAlarms ?? [] : [];
      const composite = types.includes("CompositeAlarm") ? out.CompositeAlarms ?? [] : [];
      const items = [
        ...metric.filter(keep).map((a) => alarmSummary(a, false)),
        ...composite.filter(keep).map((a) => alarmSummary(a, true)),
      ];
      return { items, nextToken: out.NextToken };
    });
    return { alarms: rows, ...more };
  },
});
