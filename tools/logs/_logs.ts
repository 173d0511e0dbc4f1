import type { CloudWatchLogs } from "@aws-sdk/client-cloudwatch-logs";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { durationText, parseDuration } from "../cloudwatch/_series.ts";

/** A log group name as CloudWatch Logs allows it. */
export const logGroupName = z.string().min(1).max(512).regex(
  /^[.\-_/#A-Za-z0-9]+$/,
  "expected a log group name like /aws/lambda/my-function",
);

/** The time-window inputs of the log tools: `last` (default 1h) or `start`/`end`. */
export const logWindowInput = {
  last: durationText.optional().describe("Before end or now: 30m, 7d…"),
  start: z.iso.datetime({ offset: true }).optional(),
  end: z.iso.datetime({ offset: true }).optional(),
};

/** A resolved window, in epoch milliseconds. */
export interface LogWindow {
  startMs: number;
  endMs: number;
}

/** The window a result covers. */
export const logWindowOutput = z.object({ start: z.string(), end: z.string() });

/** Resolves `last`/`start`/`end` against `now`: `last` (default 1 h) counts back from end. */
export function resolveLogWindow(
  args: { last?: string | undefined; start?: string | undefined; end?: string | undefined },
  now: Date,
  defaultSeconds = 3600,
): LogWindow {
  if (args.last !== undefined && args.start !== undefined) {
    throw new ToolError("InvalidInput", "last: give last or start, not both", "last counts back");
  }
  const endMs = args.end !== undefined ? Date.parse(args.end) : now.getTime();
  const startMs = args.start !== undefined
    ? Date.parse(args.start)
    : endMs - 1000 * (args.last !== undefined ? parseDuration(args.last) : defaultSeconds);
  if (!(startMs < endMs)) {
    throw new ToolError(
      "InvalidInput",
      `${args.start !== undefined ? "start" : "last"}: the window must start before it ends`,
      "give start before end, or a positive last",
    );
  }
  return { startMs, endMs };
}

/** The window as ISO strings, for results. */
export function windowRow(w: LogWindow): z.infer<typeof logWindowOutput> {
  return { start: new Date(w.startMs).toISOString(), end: new Date(w.endMs).toISOString() };
}

/** One log event as a scan returns it. */
export interface ScannedEvent {
  group: string;
  stream: string;
  time: number;
  message: string;
}

/** Bounds of one scan: events kept and FilterLogEvents calls, over all groups. */
export interface ScanLimits {
  maxEvents: number;
  maxCalls: number;
}

/**
 * Events of the groups in the window matching `pattern`, oldest first per group, bounded:
 * `complete` is false when a bound stopped the scan before the logs ended.
 */
export async function scanEvents(
  logs: CloudWatchLogs,
  groups: readonly string[],
  window: LogWindow,
  pattern: string | undefined,
  limits: ScanLimits,
): Promise<{ events: ScannedEvent[]; complete: boolean }> {
  const events: ScannedEvent[] = [];
  let calls = 0;
  let complete = true;
  for (const group of groups) {
    let token: string | undefined;
    do {
      if (calls >= limits.maxCalls || events.length >= limits.maxEvents) {
        complete = false;
        break;
      }
      calls++;
      const out = await logs.filterLogEvents({
        logGroupName: group,
        startTime: window.startMs,
        endTime: window.endMs,
        ...(pattern ? { filterPattern: pattern } : {}),
        limit: Math.min(1000, limits.maxEvents - events.length),
        ...(token ? { nextToken: token } : {}),
      });
      for (const e of out.events ?? []) {
        events.push({
          group,
          stream: e.logStreamName ?? "",
          time: e.timestamp ?? 0,
          message: (e.message ?? "").trimEnd(),
        });
      }
      token = out.nextToken === token ? undefined : out.nextToken;
    } while (token);
  }
  return { events, complete };
}
