import { describeLogGroups } from "./describe_log_groups.ts";
import { filterEvents } from "./filter_events.ts";
import { putRetentionPolicy } from "./put_retention_policy.ts";
import { query } from "./query.ts";

/** CloudWatch Logs tools: log groups, events, Insights queries, retention. */
export const logsTools = [describeLogGroups, filterEvents, query, putRetentionPolicy];
