import { z } from "zod";
import { maskText } from "../../schemas/masking.ts";
import {
  logWindowInput,
  logWindowOutput,
  resolveLogWindow,
  scanEvents,
  type ScannedEvent,
  windowRow,
} from "../logs/_logs.ts";
import { defineTool } from "../tool.ts";
import { bareName, functionName, isNotFound } from "./_lambda.ts";

/** CloudWatch Logs' OR pattern for error and timeout lines of every Lambda runtime. */
export const ERROR_PATTERN =
  '?ERROR ?Error ?error ?Exception ?exception ?FATAL ?Traceback ?"Task timed out"';
// The same lines, checked again here: some endpoints ignore patterns they do not parse.
const ERROR_LINE = /\b(ERROR|Error|error|FATAL)\b|[Ee]xception|Traceback|Task timed out/;
const TIMEOUT_LINE = /Task timed out/;
const REQUEST_ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/;
/** Lines quoted per request, and characters per line. */
const LINES_SHOWN = 3;
const MAX_LINE = 500;

const requestRow = z.object({
  request_id: z.string().optional(),
  kind: z.enum(["error", "timeout"]),
  time: z.string(),
  lines: z.int(),
  messages: z.array(z.string()),
});

interface Group {
  id: string | undefined;
  timeout: boolean;
  last: number;
  lines: number;
  messages: string[];
}

/** Error and timeout lines grouped by request id (lines without one: by text), newest first. */
export function groupErrors(events: readonly ScannedEvent[], reveal: boolean) {
  const groups = new Map<string, Group>();
  for (const e of events) {
    if (!ERROR_LINE.test(e.message)) continue;
    const id = REQUEST_ID.exec(e.message)?.[0];
    const text = maskText(e.message, reveal, MAX_LINE);
    const key = id ?? `text:${text}`;
    const group = groups.get(key) ??
      { id, timeout: false, last: 0, lines: 0, messages: [] };
    group.lines++;
    group.last = Math.max(group.last, e.time);
    group.timeout ||= TIMEOUT_LINE.test(e.message);
    if (group.messages.length < LINES_SHOWN && !group.messages.includes(text)) {
      group.messages.push(text);
    }
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => b.last - a.last).map((g) => ({
    ...(g.id ? { request_id: g.id } : {}),
    kind: g.timeout ? "timeout" as const : "error" as const,
    time: new Date(g.last).toISOString(),
    lines: g.lines,
    messages: g.messages,
  }));
}

/** `lambda_get_recent_errors`: why a function fails, from its log group. */
export const getRecentErrors = defineTool({
  name: "lambda_get_recent_errors",
  toolset: "lambda",
  title: "Get a Lambda function's recent errors",
  description:
    "Why a function fails: error and timeout log lines in a window (default 24h), grouped by request id, newest first, with counts. Masked; reads ≤ 5,000 lines.",
  access: "read",
  idempotent: true,
  iam: ["lambda:GetFunctionConfiguration", "logs:FilterLogEvents"],
  input: z.object({
    function_name: functionName,
    ...logWindowInput,
    limit: z.int().min(1).max(100).default(20),
  }),
  output: z.object({
    log_group: z.string(),
    window: logWindowOutput,
    error_requests: z.int(),
    timeouts: z.int(),
    requests: z.array(requestRow),
    omitted: z.int().optional(),
    complete: z.literal(false).optional(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const window = resolveLogWindow(args, new Date(), 86_400);
    const lambda = await ctx.aws.client("lambda");
    const config = await lambda.getFunctionConfiguration({ FunctionName: args.function_name });
    const name = config.FunctionName ?? bareName(args.function_name);
    const group = config.LoggingConfig?.LogGroup ?? `/aws/lambda/${name}`;
    const logs = await ctx.aws.client("logs");
    let scan;
    try {
      scan = await scanEvents(logs, [group], window, ERROR_PATTERN, {
        maxEvents: 5_000,
        maxCalls: 20,
      });
    } catch (err) {
      // A function that has never run (or never logged) has no log group yet: no errors to show.
      if (!isNotFound(err)) throw err;
      return {
        log_group: group,
        window: windowRow(window),
        error_requests: 0,
        timeouts: 0,
        requests: [],
        note: `log group ${group} does not exist: the function has not logged yet`,
      };
    }
    const requests = groupErrors(scan.events, ctx.revealSecrets);
    return {
      log_group: group,
      window: windowRow(window),
      error_requests: requests.length,
      timeouts: requests.filter((r) => r.kind === "timeout").length,
      requests: requests.slice(0, args.limit),
      ...(requests.length > args.limit ? { omitted: requests.length - args.limit } : {}),
      ...(scan.complete ? {} : { complete: false as const }),
    };
  },
});
