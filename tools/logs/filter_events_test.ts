import { deepEqual, equal, match, throws } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { resolveLogWindow } from "./_logs.ts";
import { filterEvents } from "./filter_events.ts";

const inventory = [filterEvents];

Deno.test("resolveLogWindow counts last back from end, defaults to an hour, refuses bad windows", () => {
  const now = new Date("2025-01-01T12:00:00Z");
  deepEqual(resolveLogWindow({}, now), {
    startMs: now.getTime() - 3_600_000,
    endMs: now.getTime(),
  });
  deepEqual(resolveLogWindow({ last: "30m", end: "2025-01-01T10:00:00Z" }, now), {
    startMs: Date.parse("2025-01-01T09:30:00Z"),
    endMs: Date.parse("2025-01-01T10:00:00Z"),
  });
  equal(resolveLogWindow({}, now, 86_400).startMs, now.getTime() - 86_400_000);
  throws(
    () => resolveLogWindow({ start: "2025-01-01T12:00:00Z", end: "2025-01-01T11:00:00Z" }, now),
    /start: the window must start before it ends/,
  );
});

Deno.test("logs_filter_events says when its bound stopped the scan, and follows nextToken", async () => {
  let calls = 0;
  const aws = stubAws({
    logs: {
      filterLogEvents: () => {
        calls++;
        return {
          events: Array.from({ length: 1000 }, (_, i) => ({
            timestamp: 1_000 * i,
            message: `line ${i % 3}`,
            logStreamName: "s",
          })),
          nextToken: `t${calls}`,
        };
      },
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk<{ events: { count: number; message: string }[]; complete?: boolean }>(
      client,
      "logs_filter_events",
      { log_groups: ["/g"], start: "1970-01-01T00:00:00Z", end: "1970-01-02T00:00:00Z" },
    );
    equal(out.complete, false);
    equal(calls, 5);
    deepEqual(out.events.map((e) => e.message), ["line 0", "line 2", "line 1"]);
    equal(out.events.reduce((n, e) => n + e.count, 0), 5_000);
  } finally {
    await close();
  }
});

Deno.test("logs_filter_events refuses last with start, and a bad group name, before calling AWS", async () => {
  const aws = stubAws({ logs: {} });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    match(
      text(
        await call(client, "logs_filter_events", {
          log_groups: ["/g"],
          last: "1h",
          start: "2025-01-01T00:00:00Z",
        }),
      ),
      /^InvalidInput: last: give last or start, not both/,
    );
    match(
      text(await call(client, "logs_filter_events", { log_groups: ["bad group"] })),
      /^InvalidInput: log_groups\.0: expected a log group name/,
    );
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
