import { deepEqual, equal, ok } from "node:assert/strict";
import type { CallToolResult } from "../../server/mcp.ts";
import { logsTools } from "../../tools/logs/mod.ts";
import { call, connectMoto, motoTest, text } from "../_helpers.ts";
import { startLogsStandIn } from "../_logs_standin.ts";
import { motoLogEvents, motoLogs } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on groups named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);
const QUERY = "fields @timestamp, @message | sort @timestamp desc | limit 10";

interface Queried {
  query_id: string;
  status: string;
  rows: Record<string, string>[];
  records_matched?: number;
}

motoTest(
  "logs_query runs an Insights query on moto and masks secrets in its rows",
  async (endpoint) => {
    const logs = await motoLogs(endpoint, REGION);
    const group = `/test/${RUN}/query`;
    await motoLogEvents(logs, group, [[120, "login ok"], [
      60,
      "retry with api_key=sk-live-secret",
    ]]);
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: logsTools });
    try {
      const result = await call(client, "logs_query", { log_groups: [group], query: QUERY });
      ok(!result.isError, text(result));
      ok(!text(result).includes("sk-live-secret"), "a secret in a log line reached the result");
      const out = result.structuredContent as unknown as Queried;
      equal(out.status, "Complete");
      deepEqual(out.rows.map((r) => r["@message"]), [
        "retry with api_key=***MASKED***",
        "login ok",
      ]);
      ok(out.rows.every((r) => !("@ptr" in r)));
    } finally {
      await close();
    }
  },
);

motoTest(
  "logs_query polls a Running query with progress until it completes (Logs stand-in)",
  async (endpoint) => {
    // moto finishes Insights queries at once: a Logs JSON 1.1 stand-in keeps this one Running for
    // two polls, and forwards everything else to moto.
    let polls = 0;
    const standIn = startLogsStandIn({
      StartQuery: () => ({ queryId: "q-poll" }),
      GetQueryResults: () => {
        polls++;
        const done = polls >= 3;
        return {
          status: done ? "Complete" : "Running",
          statistics: { recordsMatched: polls, recordsScanned: polls * 100, bytesScanned: 10 },
          results: done
            ? [[{ field: "@message", value: "boom" }, { field: "@ptr", value: "p" }]]
            : [],
        };
      },
    }, endpoint);
    const { client, close } = await connectMoto(standIn.url, REGION, {}, {
      inventory: logsTools,
      waitIntervalMs: 20,
    });
    try {
      const progress: { message?: string | undefined }[] = [];
      const result = await client.callTool(
        { name: "logs_query", arguments: { log_groups: ["/any"], query: QUERY, last: "15m" } },
        undefined,
        { onprogress: (p) => progress.push(p) },
      ) as CallToolResult;
      ok(!result.isError, text(result));
      const out = result.structuredContent as unknown as Queried;
      equal(out.status, "Complete");
      deepEqual(out.rows, [{ "@message": "boom" }]);
      equal(out.records_matched, 3);
      deepEqual(progress.map((p) => p.message), [
        "Running: 100 records scanned, 1 matched",
        "Running: 200 records scanned, 2 matched",
        "Complete: 300 records scanned, 3 matched",
      ]);
      const start = standIn.calls.find((c) => c.operation === "StartQuery")?.input;
      deepEqual(start?.logGroupNames, ["/any"]);
      // Seconds, the start rounded down and the end up: 15 minutes, or one second more.
      const seconds = (start?.endTime as number) - (start?.startTime as number);
      ok(seconds === 900 || seconds === 901, String(seconds));
    } finally {
      await close();
      await standIn.close();
    }
  },
);

motoTest(
  "logs_query stops the query in the backend when the MCP call is cancelled (Logs stand-in)",
  async (endpoint) => {
    // moto has no StopQuery and never reports Running: the stand-in keeps the query Running until
    // StopQuery arrives, as CloudWatch Logs would.
    let stopped: unknown;
    let polled!: () => void;
    const firstPoll = new Promise<void>((resolve) => (polled = resolve));
    let sawStop!: () => void;
    const stopArrived = new Promise<void>((resolve) => (sawStop = resolve));
    const standIn = startLogsStandIn({
      StartQuery: () => ({ queryId: "q-cancel" }),
      GetQueryResults: () => {
        polled();
        return { status: stopped ? "Cancelled" : "Running", results: [] };
      },
      StopQuery: (input) => {
        stopped = input.queryId;
        sawStop();
        return { success: true };
      },
    }, endpoint);
    const { client, close } = await connectMoto(standIn.url, REGION, {}, {
      inventory: logsTools,
      waitIntervalMs: 50,
    });
    try {
      const controller = new AbortController();
      const pending = client.callTool(
        { name: "logs_query", arguments: { log_groups: ["/any"], query: QUERY } },
        undefined,
        { signal: controller.signal },
      );
      await firstPoll;
      controller.abort("the user changed their mind");
      await pending.then(() => ok(false, "a cancelled call must not resolve"), () => {});
      await Promise.race([
        stopArrived,
        new Promise((_, reject) => setTimeout(() => reject(new Error("no StopQuery")), 5_000)),
      ]);
      equal(stopped, "q-cancel");
      const ops = standIn.calls.map((c) => c.operation);
      equal(ops[0], "StartQuery");
      equal(ops.at(-1), "StopQuery");
    } finally {
      await close();
      await standIn.close();
    }
  },
);
