import { deleteAlarms } from "./delete_alarms.ts";
import { describeAlarms } from "./describe_alarms.ts";
import { getAlarmHistory } from "./get_alarm_history.ts";
import { getMetricImage } from "./get_metric_image.ts";
import { putMetricAlarm } from "./put_metric_alarm.ts";

/** CloudWatch alarm and image tools (the metric tools live beside them). */
export const cloudwatchAlarmTools = [
  describeAlarms,
  getAlarmHistory,
  getMetricImage,
  putMetricAlarm,
  deleteAlarms,
];
