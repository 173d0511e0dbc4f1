import { cloudwatchAlarmTools } from "./alarm_tools.ts";

/** CloudWatch tools: alarms and graphs. */
export const cloudwatchTools = [...cloudwatchAlarmTools];
