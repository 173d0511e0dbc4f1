import { deepEqual, equal, ok } from "node:assert/strict";
import { logsTools } from "../../tools/logs/mod.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";
import { motoLogEvents, motoLogs } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on groups named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);

interface Row {
  name: string;
  retention_days?: number;
  never_expires?: boolean;
  stored_bytes?: number;
}

motoTest(
  "logs_describe_log_groups lists groups by prefix with retention and pages against moto",
  async (endpoint, t) => {
    const logs = await motoLogs(endpoint, REGION);
    const prefix = `/test/${RUN}/`;
    await motoLogEvents(logs, `${prefix}a`, [[10, "hello"]]);
    await logs.createLogGroup({ logGroupName: `${prefix}b` });
    await logs.putRetentionPolicy({ logGroupName: `${prefix}b`, retentionInDays: 14 });
    await logs.createLogGroup({ logGroupName: `${prefix}c` });
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: logsTools });
    try {
      await t.step("retention, never_expires and stored bytes", async () => {
        const out = await callOk<{ log_groups: Row[] }>(client, "logs_describe_log_groups", {
          prefix,
        });
        deepEqual(out.log_groups.map((g) => g.name), ["a", "b", "c"].map((x) => prefix + x));
        equal(out.log_groups[0]?.never_expires, true);
        ok((out.log_groups[0]?.stored_bytes ?? 0) > 0);
        equal(out.log_groups[1]?.retention_days, 14);
        equal(out.log_groups[1]?.never_expires, undefined);
      });
      await t.step("pages of two cover all three", async () => {
        const first = await callOk<{ log_groups: Row[]; next_token?: string }>(
          client,
          "logs_describe_log_groups",
          { prefix, max_results: 2 },
        );
        const second = await callOk<{ log_groups: Row[]; next_token?: string }>(
          client,
          "logs_describe_log_groups",
          { prefix, max_results: 2, next_token: first.next_token },
        );
        deepEqual([...first.log_groups, ...second.log_groups].map((g) => g.name.slice(-1)), [
          "a",
          "b",
          "c",
        ]);
        equal(second.next_token, undefined);
      });
    } finally {
      await close();
    }
  },
);
