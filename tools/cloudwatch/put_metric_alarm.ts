import type { PutMetricAlarmInput, StandardUnit, Statistic } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { resourceTags } from "../../schemas/tags.ts";
import { dryRunOutcome } from "../../schemas/dry_run.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import {
  alarmName,
  alarmsByName,
  alarmTagLookup,
  arnsOf,
  COMPARISONS,
  isComposite,
} from "./_alarm.ts";
import { checkActions } from "./_alarm_actions.ts";
import { STATISTICS, unitInput } from "./_series.ts";

// Percentiles and trimmed/windsorized statistics: p99, p99.9, tm90, TM(10%:90%), wm99, tc90, ts90.
const EXTENDED = /^(?:(?:p|tm|wm|tc|ts)\d{1,3}(?:\.\d{1,10})?|(?:TM|WM|TC|TS|PR)\(.{1,40}\))$/;
// Any action ARN: SNS topics, but also e.g. arn:aws:automate:<region>:ec2:stop and Lambda.
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[a-z0-9-]*:.+$/;

const actionList = z.array(z.string().regex(ARN, { error: "expected an ARN" })).max(5);

const input = z.object({
  name: alarmName,
  namespace: z.string().min(1).max(255),
  metric: z.string().min(1).max(255),
  dimensions: z.record(z.string().min(1).max(255), z.string().min(1).max(1024))
    .refine((d) => Object.keys(d).length <= 30, { error: "at most 30 dimensions" })
    .optional(),
  statistic: z.enum(STATISTICS).optional(),
  extended_statistic: z.string().regex(EXTENDED, { error: "expected e.g. p99" }).optional(),
  // Seconds: 10, 20, 30 or a multiple of 60; checked below with an error naming them.
  period: z.int().min(10).default(300),
  evaluation_periods: z.int().min(1).default(1),
  datapoints_to_alarm: z.int().min(1).optional(),
  threshold: z.number(),
  comparison: z.enum([">", ">=", "<", "<="]),
  treat_missing_data: z.enum(["breaching", "notBreaching", "ignore", "missing"]).optional(),
  alarm_actions: actionList.optional(),
  ok_actions: actionList.optional(),
  insufficient_data_actions: actionList.optional(),
  description: z.string().max(1024).optional(),
  unit: unitInput.optional(),
  tags: resourceTags.optional(), // applied on create only; the result says when they were not
});

type Input = z.infer<typeof input>;

function invalid(message: string, hint: string): ToolError {
  return new ToolError("InvalidInput", message, hint);
}

/** The checks CloudWatch would make, so that a dry run can answer without AWS. */
function validate(args: Input): void {
  if ((args.statistic === undefined) === (args.extended_statistic === undefined)) {
    throw invalid(
      "statistic: give exactly one of statistic, extended_statistic",
      "e.g. statistic Average, or extended_statistic p99",
    );
  }
  if (![10, 20, 30].includes(args.period) && args.period % 60 !== 0) {
    throw invalid(`period: ${args.period} is not 10, 20, 30 or a multiple of 60`, "e.g. 60 or 300");
  }
  const limit = args.period < 3600 ? 86_400 : 604_800;
  if (args.period * args.evaluation_periods > limit) {
    throw invalid(
      `evaluation_periods: period × evaluation_periods is ${
        args.period * args.evaluation_periods
      }s, over ${limit}s`,
      "CloudWatch evaluates at most 1 day (periods under an hour) or 7 days; lower one of them",
    );
  }
  if (
    args.datapoints_to_alarm !== undefined && args.datapoints_to_alarm > args.evaluation_periods
  ) {
    throw invalid(
      `datapoints_to_alarm: ${args.datapoints_to_alarm} exceeds evaluation_periods (${args.evaluation_periods})`,
      "an M of N alarm needs M ≤ N",
    );
  }
}

/** The PutMetricAlarm request for this input; tags only when the alarm is new. */
function request(args: Input, tags: { Key: string; Value: string }[]): PutMetricAlarmInput {
  const dimensions = Object.entries(args.dimensions ?? {});
  return {
    AlarmName: args.name,
    Namespace: args.namespace,
    MetricName: args.metric,
    ...(dimensions.length
      ? { Dimensions: dimensions.map(([Name, Value]) => ({ Name, Value })) }
      : {}),
    ...(args.statistic ? { Statistic: args.statistic as Statistic } : {}),
    ...(args.extended_statistic ? { ExtendedStatistic: args.extended_statistic } : {}),
    Period: args.period,
    EvaluationPeriods: args.evaluation_periods,
    ...(args.datapoints_to_alarm ? { DatapointsToAlarm: args.datapoints_to_alarm } : {}),
    Threshold: args.threshold,
    ComparisonOperator: COMPARISONS[args.comparison],
    ...(args.treat_missing_data ? { TreatMissingData: args.treat_missing_data } : {}),
    ...(args.alarm_actions ? { AlarmActions: args.alarm_actions } : {}),
    ...(args.ok_actions ? { OKActions: args.ok_actions } : {}),
    ...(args.insufficient_data_actions
      ? { InsufficientDataActions: args.insufficient_data_actions }
      : {}),
    ...(args.description !== undefined ? { AlarmDescription: args.description } : {}),
    ...(args.unit ? { Unit: args.unit as StandardUnit } : {}),
    ...(tags.length ? { Tags: tags } : {}),
  };
}

const TAGS_KEPT = "tags apply on create only: the alarm's existing tags were left as they are";

/** Validates, looks the alarm up, applies the guards and, unless in a dry run, writes it. */
async function put(args: Input, ctx: ToolContext) {
  validate(args);
  const cw = await ctx.aws.client("cloudwatch");
  const found = await alarmsByName(cw, [args.name]);
  const existing = found.get(args.name);
  if (existing && isComposite(existing)) {
    throw new ToolError(
      "InvalidInput",
      `name: ${args.name} is a composite alarm`,
      "choose another name; this tool does not change composite alarms",
    );
  }
  // Replacing an alarm's definition changes an existing resource; creating one tags it instead.
  if (existing) await ctx.guard.requireTag([args.name], alarmTagLookup(cw, arnsOf(found)));
  await checkActions(args, ctx);
  const action = existing ? "updated" as const : "created" as const;
  if (!ctx.dryRun) {
    await cw.putMetricAlarm(request(args, existing ? [] : ctx.guard.creationTags(args.tags)));
  }
  return {
    alarm_name: args.name,
    action,
    ...(existing && args.tags ? { note: TAGS_KEPT } : {}),
  };
}

/** `cloudwatch_put_metric_alarm`: creates a metric alarm, or replaces an existing one's definition. */
export const putMetricAlarm = defineTool({
  name: "cloudwatch_put_metric_alarm",
  toolset: "cloudwatch",
  title: "Create or update a CloudWatch metric alarm",
  description:
    "Create or replace a metric alarm. Own SNS actions run freely, others are confirmed; EC2 terminate needs destructive mode.",
  access: "write",
  idempotent: true,
  iam: [
    "cloudwatch:PutMetricAlarm",
    "cloudwatch:DescribeAlarms",
    "cloudwatch:TagResource",
    "cloudwatch:ListTagsForResource",
    "ec2:DescribeTags",
    "sts:GetCallerIdentity",
  ],
  input,
  output: z.object({
    alarm_name: z.string().optional(),
    action: z.enum(["created", "updated"]).optional(),
    note: z.string().optional(),
    dry_run: dryRunOutcome.optional(),
  }),
  async handler(args, ctx) {
    if (!ctx.dryRun) return await put(args, ctx);
    // CloudWatch has no DryRun: everything but the write itself is checked, and nothing changes.
    try {
      const { action } = await put(args, ctx);
      const verb = action === "updated" ? "update" : "create";
      return {
        dry_run: {
          would_succeed: true,
          message:
            `the input is valid and would ${verb} alarm ${args.name} in ${ctx.region}; nothing was changed (CloudWatch has no dry run, so cloudwatch:PutMetricAlarm was not checked)`,
        },
      };
    } catch (err) {
      if (!(err instanceof ToolError)) throw err;
      return { dry_run: { would_succeed: false, message: `${err.code}: ${err.message}` } };
    }
  },
});
