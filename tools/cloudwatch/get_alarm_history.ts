import type { AlarmHistoryItem, HistoryItemType } from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { alarmName, short } from "./_alarm.ts";

/** CloudWatch keeps alarm history for 30 days. */
const MAX_HOURS = 720;

const historyRow = z.object({
  time: z.string(),
  alarm: z.string().optional(),
  type: z.string().optional(),
  summary: z.string().optional(),
  reason: z.string().optional(),
});

// A state change's HistoryData is JSON whose newState.stateReason says why.
function stateReason(item: AlarmHistoryItem): string | undefined {
  if (item.HistoryItemType !== "StateUpdate" || !item.HistoryData) return undefined;
  try {
    const data = JSON.parse(item.HistoryData) as { newState?: { stateReason?: unknown } };
    const reason = data.newState?.stateReason;
    return typeof reason === "string" ? short(reason) : undefined;
  } catch {
    return undefined;
  }
}

/** `cloudwatch_get_alarm_history`: state changes, configuration updates and actions, newest first. */
export const getAlarmHistory = defineTool({
  name: "cloudwatch_get_alarm_history",
  toolset: "cloudwatch",
  title: "Get CloudWatch alarm history",
  description:
    "History of one alarm (or all alarms) over the last hours, newest first: time, type, summary, and the reason of state changes. CloudWatch keeps 30 days. Paged.",
  access: "read",
  idempotent: true,
  iam: ["cloudwatch:DescribeAlarmHistory"],
  input: z.object({
    alarm_name: alarmName.optional().describe("Default all alarms"),
    type: z.enum(["StateUpdate", "ConfigurationUpdate", "Action"]).optional(),
    hours: z.int().min(1).max(MAX_HOURS).default(24),
    ...pageInput,
  }),
  output: z.object({ items: z.array(historyRow), ...pageOutput }),
  async handler(args, ctx) {
    const cw = await ctx.aws.client("cloudwatch");
    // Up to now, from a whole minute: the pages of one listing ask AWS for (nearly) one window.
    const start = new Date(Math.floor((Date.now() - args.hours * 3_600_000) / 60_000) * 60_000);
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await cw.describeAlarmHistory({
        ...(args.alarm_name ? { AlarmName: args.alarm_name } : {}),
        AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
        ...(args.type ? { HistoryItemType: args.type as HistoryItemType } : {}),
        StartDate: start,
        ScanBy: "TimestampDescending",
        MaxRecords: 100,
        ...(token ? { NextToken: token } : {}),
      });
      const items = (out.AlarmHistoryItems ?? []).map((item) =>
        compact({
          time: item.Timestamp?.toISOString() ?? "",
          alarm: args.alarm_name ? undefined : item.AlarmName,
          type: item.HistoryItemType,
          summary: short(item.HistorySummary, 300),
          reason: stateReason(item),
        })
      );
      return { items, nextToken: out.NextToken };
    });
    return { items: rows, ...more };
  },
});
