import { deepEqual, equal, ok } from "node:assert/strict";
import { logsTools } from "../../tools/logs/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { motoLogEvents, motoLogs } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on groups named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);

interface Row {
  time: string;
  first_time?: string;
  count: number;
  group?: string;
  message: string;
}

motoTest(
  "logs_filter_events collapses identical messages newest first over two groups in moto",
  async (endpoint, t) => {
    const logs = await motoLogs(endpoint, REGION);
    const [a, b] = [`/test/${RUN}/a`, `/test/${RUN}/b`];
    await motoLogEvents(logs, a, [
      [500, "ERROR db timeout"],
      [400, "ERROR db timeout"],
      [300, "INFO fine"],
      [200, "ERROR login failed password=hunter2-secret"],
    ]);
    await motoLogEvents(logs, b, [[100, "ERROR db timeout"], [7200, "ERROR too old"]]);
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: logsTools });
    try {
      await t.step(
        "newest first, identical messages counted per group, secrets masked",
        async () => {
          const result = await call(client, "logs_filter_events", {
            log_groups: [a, b],
            filter_pattern: "ERROR",
            last: "1h",
          });
          ok(!result.isError, text(result));
          ok(!text(result).includes("hunter2-secret"), "a secret in a log line reached the result");
          const out = result.structuredContent as { events: Row[] };
          deepEqual(out.events.map((e) => [e.group, e.count, e.message]), [
            [b, 1, "ERROR db timeout"],
            [a, 1, "ERROR login failed password=***MASKED***"],
            [a, 2, "ERROR db timeout"],
          ]);
          ok(out.events[2]?.first_time && out.events[2].first_time < out.events[2].time);
        },
      );
      await t.step("pages of one walk the same rows", async () => {
        const args = { log_groups: [a], filter_pattern: "ERROR", last: "1h", max_results: 1 };
        const first = await callOk<{ events: Row[]; next_token?: string }>(
          client,
          "logs_filter_events",
          args,
        );
        const second = await callOk<{ events: Row[]; next_token?: string }>(
          client,
          "logs_filter_events",
          { ...args, next_token: first.next_token },
        );
        equal(second.next_token, undefined);
        deepEqual([...first.events, ...second.events].map((e) => e.count), [1, 2]);
      });
    } finally {
      await close();
    }
  },
);
