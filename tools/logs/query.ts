import type { CloudWatchLogs, GetQueryResultsResponse } from "@aws-sdk/client-cloudwatch-logs";
import { z } from "zod";
import { fitBytes } from "../../schemas/compact.ts";
import { maskText } from "../../schemas/masking.ts";
import { defineTool } from "../tool.ts";
import {
  logGroupName,
  logWindowInput,
  logWindowOutput,
  resolveLogWindow,
  windowRow,
} from "./_logs.ts";

const FINISHED = new Set(["Complete", "Failed", "Cancelled", "Timeout", "Unknown"]);
/** Characters of one field value shown; longer ones end with `…`. */
const MAX_VALUE = 2_000;

/** Stops a query that must not go on scanning (and billing) for nobody: best effort. */
async function stopQuery(logs: CloudWatchLogs, queryId: string): Promise<void> {
  try {
    // Its own signal: the request's is already aborted when the call was cancelled.
    await logs.stopQuery({ queryId }, { abortSignal: AbortSignal.timeout(10_000) });
  } catch (err) {
    console.error(`logs_query: StopQuery ${queryId} failed:`, (err as Error).message);
  }
}

/** `logs_query`: a Logs Insights query, polled to completion with progress; stopped if cancelled. */
export const query = defineTool({
  name: "logs_query",
  toolset: "logs",
  title: "Run a CloudWatch Logs Insights query",
  description:
    "Run a Logs Insights query over log groups and a window (default 1h); waits with progress, stops it if cancelled. Rows masked and bounded.",
  access: "read",
  idempotent: true,
  iam: ["logs:StartQuery", "logs:GetQueryResults", "logs:StopQuery"],
  input: z.object({
    log_groups: z.array(logGroupName).min(1).max(50),
    query: z.string().min(1).max(10_000),
    ...logWindowInput,
    limit: z.int().min(1).max(1000).default(100),
  }),
  output: z.object({
    query_id: z.string(),
    status: z.string(),
    window: logWindowOutput,
    rows: z.array(z.record(z.string(), z.string())),
    omitted: z.int().optional(),
    records_matched: z.number().optional(),
    records_scanned: z.number().optional(),
    bytes_scanned: z.number().optional(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const window = resolveLogWindow(args, new Date());
    const logs = await ctx.aws.client("logs");
    const started = await logs.startQuery({
      logGroupNames: args.log_groups,
      startTime: Math.floor(window.startMs / 1000),
      endTime: Math.ceil(window.endMs / 1000),
      queryString: args.query,
      limit: args.limit,
    });
    const queryId = started.queryId ?? "";
    let last: GetQueryResultsResponse = {};
    let note: string | undefined;
    try {
      const outcome = await ctx.wait(async () => {
        last = await logs.getQueryResults({ queryId });
        const s = last.statistics;
        return {
          done: FINISHED.has(last.status ?? "Unknown"),
          message: `${last.status}: ${s?.recordsScanned ?? 0} records scanned, ${
            s?.recordsMatched ?? 0
          } matched`,
        };
      });
      if (!outcome.done) {
        await stopQuery(logs, queryId);
        note = `stopped after ${
          Math.round(outcome.waited_ms / 1000)
        } s still running; rows so far are partial — narrow the window or the groups`;
      }
    } catch (err) {
      if (ctx.signal.aborted) await stopQuery(logs, queryId);
      throw err;
    }
    const rows = (last.results ?? []).map((fields) =>
      Object.fromEntries(
        fields.filter((f) => f.field && f.field !== "@ptr").map((f) => [
          f.field as string,
          maskText(f.value ?? "", ctx.revealSecrets, MAX_VALUE),
        ]),
      )
    );
    const fitted = fitBytes(rows, 36_000);
    const s = last.statistics;
    return {
      query_id: queryId,
      status: last.status ?? "Unknown",
      window: windowRow(window),
      rows: fitted.items,
      ...(fitted.omitted ? { omitted: fitted.omitted } : {}),
      ...(s
        ? {
          records_matched: s.recordsMatched,
          records_scanned: s.recordsScanned,
          bytes_scanned: s.bytesScanned,
        }
        : {}),
      ...(note ? { note } : {}),
    };
  },
});
