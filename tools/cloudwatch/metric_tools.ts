import { getEcsServiceMetrics } from "./get_ecs_service_metrics.ts";
import { getInstanceMetrics } from "./get_instance_metrics.ts";
import { getLambdaMetrics } from "./get_lambda_metrics.ts";
import { getMetricData } from "./get_metric_data.ts";
import { getMetricStatistics } from "./get_metric_statistics.ts";
import { listMetrics } from "./list_metrics.ts";

/** CloudWatch metric tools (the alarm tools live beside them). */
export const cloudwatchMetricTools = [
  listMetrics,
  getMetricData,
  getMetricStatistics,
  getInstanceMetrics,
  getLambdaMetrics,
  getEcsServiceMetrics,
];
