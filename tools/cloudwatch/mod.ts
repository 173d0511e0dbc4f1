import { cloudwatchAlarmTools } from "./alarm_tools.ts";
import { cloudwatchMetricTools } from "./metric_tools.ts";

/** CloudWatch tools: metrics, alarms and graphs. */
export const cloudwatchTools = [...cloudwatchMetricTools, ...cloudwatchAlarmTools];
