import type {
  CloudWatch,
  ComparisonOperator,
  CompositeAlarm,
  MetricAlarm,
} from "@aws-sdk/client-cloudwatch";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import type { TagLookup } from "../../aws/guards.ts";

/** An alarm name as CloudWatch accepts it. */
export const alarmName = z.string().min(1).max(255);

/** A list of alarm names: 1 to 100 (DeleteAlarms' and DescribeAlarms' limit), no repeats. */
export const alarmNames = z.array(alarmName).min(1).max(100).refine(
  (names) => new Set(names).size === names.length,
  { error: "names must not repeat" },
);

/** The model's comparison symbols and CloudWatch's names for them. */
export const COMPARISONS = {
  ">": "GreaterThanThreshold",
  ">=": "GreaterThanOrEqualToThreshold",
  "<": "LessThanThreshold",
  "<=": "LessThanOrEqualToThreshold",
} as const satisfies Record<string, ComparisonOperator>;

// Anomaly-detection alarms compare against a band, not a number.
const BAND: Record<string, string> = {
  LessThanLowerOrGreaterThanUpperThreshold: "outside",
  LessThanLowerThreshold: "below",
  GreaterThanUpperThreshold: "above",
};

const SYMBOL: Record<string, string> = Object.fromEntries(
  Object.entries(COMPARISONS).map(([symbol, name]) => [name, symbol]),
);

/** Either kind of alarm DescribeAlarms returns. */
export type AnyAlarm = MetricAlarm | CompositeAlarm;

/** Whether an alarm is a composite alarm (it has a rule instead of a metric). */
export function isComposite(alarm: AnyAlarm): alarm is CompositeAlarm {
  return "AlarmRule" in alarm && alarm.AlarmRule !== undefined;
}

/** `Namespace/Metric Dim=Value …`, or the metric-math expression an alarm watches. */
export function renderMetric(alarm: MetricAlarm): string | undefined {
  if (alarm.MetricName) {
    const dims = (alarm.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`);
    return [`${alarm.Namespace ?? "?"}/${alarm.MetricName}`, ...dims].join(" ");
  }
  const returned = (alarm.Metrics ?? []).find((m) => m.ReturnData !== false) ?? alarm.Metrics?.[0];
  if (returned?.Expression) return `expression ${returned.Expression}`;
  const stat = returned?.MetricStat?.Metric;
  return stat?.MetricName ? `${stat.Namespace ?? "?"}/${stat.MetricName}` : undefined;
}

/** `CPUUtilization > 80 for 3×300s`, `… for 2 of 3×300s`, or `… outside band ad1 …`. */
export function renderComparison(alarm: MetricAlarm): string | undefined {
  if (!alarm.ComparisonOperator) return undefined;
  const subject = alarm.MetricName ??
    (alarm.Metrics ?? []).find((m) => m.ReturnData !== false)?.Id ?? "metric";
  const band = BAND[alarm.ComparisonOperator];
  const test = band
    ? `${band} band ${alarm.ThresholdMetricId ?? ""}`.trim()
    : `${SYMBOL[alarm.ComparisonOperator] ?? alarm.ComparisonOperator} ${alarm.Threshold ?? "?"}`;
  const n = alarm.EvaluationPeriods ?? 1;
  const m = alarm.DatapointsToAlarm;
  const period = alarm.Period ?? alarm.Metrics?.find((x) => x.Period)?.Period ??
    alarm.Metrics?.find((x) => x.MetricStat?.Period)?.MetricStat?.Period;
  const over = `${m !== undefined && m < n ? `${m} of ` : ""}${n}×${period ?? "?"}s`;
  return `${subject} ${test} for ${over}`;
}

/** Shortens free text (state reasons) to one line of at most `max` characters. */
export function short(text: string | undefined, max = 160): string | undefined {
  if (!text) return undefined;
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The alarms (metric and composite) with these names, by name. DescribeAlarms is asked for both
 * types (it returns only metric alarms otherwise) and its answer is filtered again by name,
 * because some emulators ignore filters.
 */
export async function alarmsByName(
  cw: CloudWatch,
  names: readonly string[],
): Promise<Map<string, AnyAlarm>> {
  const wanted = new Set(names);
  const found = new Map<string, AnyAlarm>();
  let token: string | undefined;
  for (let calls = 0; calls < 10; calls++) {
    const out = await cw.describeAlarms({
      AlarmNames: [...names],
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      MaxRecords: 100,
      ...(token ? { NextToken: token } : {}),
    });
    for (const alarm of [...out.MetricAlarms ?? [], ...out.CompositeAlarms ?? []]) {
      if (alarm.AlarmName && wanted.has(alarm.AlarmName)) found.set(alarm.AlarmName, alarm);
    }
    if (!out.NextToken || out.NextToken === token) break;
    token = out.NextToken;
  }
  return found;
}

/** Refuses names that are not alarms in the region, listing them all, before anything changes. */
export function refuseUnknown(
  names: readonly string[],
  found: Map<string, AnyAlarm>,
  region: string,
): void {
  const unknown = names.filter((n) => !found.has(n));
  if (unknown.length) {
    throw new ToolError(
      "ResourceNotFound",
      `no such alarm${unknown.length === 1 ? "" : "s"} in ${region}: ${unknown.join(", ")}`,
      "check the names with cloudwatch_describe_alarms (names are case-sensitive), then retry; nothing was changed",
    );
  }
}

/**
 * A `--require-tag` lookup for alarms by name, over CloudWatch ListTagsForResource (one call per
 * alarm, a few at a time). `arns` maps each name to its alarm ARN; a name without one has no tags.
 */
export function alarmTagLookup(cw: CloudWatch, arns: ReadonlyMap<string, string>): TagLookup {
  return async (ids) => {
    const tags = new Map<string, Record<string, string>>();
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const arn = arns.get(id);
        const found: Record<string, string> = {};
        if (arn) {
          const out = await cw.listTagsForResource({ ResourceARN: arn });
          for (const t of out.Tags ?? []) if (t.Key) found[t.Key] = t.Value ?? "";
        }
        tags.set(id, found);
      }
    };
    await Promise.all(Array.from({ length: Math.min(5, ids.length) }, worker));
    return tags;
  };
}

/** Alarm name → ARN for the alarms found. */
export function arnsOf(found: ReadonlyMap<string, AnyAlarm>): Map<string, string> {
  return new Map(
    [...found].flatMap(([name, a]) => (a.AlarmArn ? [[name, a.AlarmArn] as const] : [])),
  );
}
