import { deepEqual, equal, ok } from "node:assert/strict";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { query } from "./query.ts";

Deno.test("logs_query stops a query still running at the wait bound and returns partial rows", async () => {
  const aws = stubAws({
    logs: {
      startQuery: () => ({ queryId: "q1" }),
      getQueryResults: () => ({
        status: "Running",
        results: [[{ field: "@message", value: "partial" }]],
      }),
      stopQuery: () => ({ success: true }),
    },
  });
  const { client, close } = await connect({}, {
    aws,
    inventory: [query],
    waitIntervalMs: 5,
    waitTimeoutMs: 30,
  });
  try {
    const out = await callOk<{ status: string; rows: unknown[]; note?: string }>(
      client,
      "logs_query",
      { log_groups: ["/g"], query: "fields @message", limit: 5 },
    );
    equal(out.status, "Running");
    deepEqual(out.rows, [{ "@message": "partial" }]);
    ok(out.note?.startsWith("stopped after"));
    deepEqual(aws.calls.at(-1), { service: "logs", method: "stopQuery", input: { queryId: "q1" } });
    equal((aws.calls[0]?.input as { limit: number }).limit, 5);
  } finally {
    await close();
  }
});

Deno.test("logs_query keeps rows within the byte bound and counts the rest", async () => {
  const long = "x".repeat(1_500);
  const aws = stubAws({
    logs: {
      startQuery: () => ({ queryId: "q2" }),
      getQueryResults: () => ({
        status: "Complete",
        results: Array.from({ length: 40 }, () => [{ field: "@message", value: long }]),
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [query] });
  try {
    const out = await callOk<{ rows: unknown[]; omitted?: number }>(client, "logs_query", {
      log_groups: ["/g"],
      query: "fields @message",
    });
    equal(out.rows.length + (out.omitted ?? 0), 40);
    ok((out.omitted ?? 0) > 0);
  } finally {
    await close();
  }
});
