import { deepEqual, equal } from "node:assert/strict";
import { cloudwatchAlarmTools } from "../../tools/cloudwatch/alarm_tools.ts";
import { call, callOk, connectMotoAsking, motoCloudWatch, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-southeast-7, only on alarms named with its run id.
const REGION = "ap-southeast-7";
const RUN = crypto.randomUUID();

interface Deleted {
  deleted?: string[];
  confirmation?: string;
  message?: string;
  dry_run?: { would_succeed: boolean; message: string };
}

motoTest(
  "cloudwatch_delete_alarms deletes only what the human confirmed",
  async (endpoint, t) => {
    const cw = await motoCloudWatch(endpoint, REGION);
    const cpu = `del-cpu-${RUN}`;
    const disk = `del-disk-${RUN}`;
    let answer: "accept" | "decline" | "cancel" = "decline";
    const { client, close, asked } = await connectMotoAsking(
      endpoint,
      REGION,
      { allowDestructive: true },
      { inventory: cloudwatchAlarmTools },
      () => answer,
    );
    const existing = async () => {
      const page = await callOk<{ alarms: { name: string }[] }>(
        client,
        "cloudwatch_describe_alarms",
        { name_prefix: "del-", max_results: 200 },
      );
      return page.alarms.map((a) => a.name).filter((n) => n.endsWith(RUN)).sort();
    };
    try {
      for (const name of [cpu, disk]) {
        await callOk(client, "cloudwatch_put_metric_alarm", {
          name,
          namespace: "AWS/EC2",
          metric: "CPUUtilization",
          statistic: "Maximum",
          threshold: 90,
          comparison: ">=",
        });
      }
      await cw.setAlarmState({ AlarmName: cpu, StateValue: "ALARM", StateReason: "test" });

      await t.step("dry_run asks nobody and deletes nothing", async () => {
        const dry = await callOk<Deleted>(client, "cloudwatch_delete_alarms", {
          alarm_names: [cpu],
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        deepEqual(asked, []);
        deepEqual(await existing(), [cpu, disk]);
      });

      for (const [action, outcome] of [["decline", "declined"], ["cancel", "cancelled"]] as const) {
        await t.step(`a ${outcome} confirmation keeps both alarms`, async () => {
          answer = action;
          asked.length = 0;
          const out = await callOk<Deleted>(client, "cloudwatch_delete_alarms", {
            alarm_names: [cpu, disk],
          });
          equal(out.confirmation, outcome);
          equal(out.deleted, undefined);
          deepEqual(asked, [
            `Delete 2 alarms: ${cpu} (ALARM), ${disk} (OK) in ${REGION}. This cannot be undone.`,
          ]);
          deepEqual(await existing(), [cpu, disk]);
        });
      }

      await t.step("an unknown name is refused before anyone is asked", async () => {
        answer = "accept";
        asked.length = 0;
        const missing = `del-missing-${RUN}`;
        const refused = await call(client, "cloudwatch_delete_alarms", {
          alarm_names: [cpu, missing],
        });
        equal(refused.isError, true);
        equal(
          text(refused).split(" — ")[0],
          `ResourceNotFound: no such alarm in ${REGION}: ${missing}`,
        );
        deepEqual(asked, []);
        deepEqual(await existing(), [cpu, disk]);
      });

      await t.step("an accepted confirmation deletes exactly the named alarm", async () => {
        answer = "accept";
        asked.length = 0;
        const out = await callOk<Deleted>(client, "cloudwatch_delete_alarms", {
          alarm_names: [cpu],
        });
        equal(out.confirmation, "accepted");
        deepEqual(out.deleted, [cpu]);
        deepEqual(asked, [`Delete 1 alarm: ${cpu} (ALARM) in ${REGION}. This cannot be undone.`]);
        deepEqual(await existing(), [disk]);
      });
    } finally {
      await close();
      await cw.deleteAlarms({ AlarmNames: [cpu, disk] });
    }
  },
);
