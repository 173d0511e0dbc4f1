import { deepEqual, equal, ok } from "node:assert/strict";
import { cloudwatchAlarmTools } from "../../tools/cloudwatch/alarm_tools.ts";
import { callOk, connectMoto, motoCloudWatch, motoTest } from "../_helpers.ts";

// moto's state is global: this file works in ap-southeast-7, only on alarms named with its run id.
const REGION = "ap-southeast-7";
const RUN = crypto.randomUUID();
const PREFIX = `desc-${RUN}-`;
const TOPIC = `arn:aws:sns:${REGION}:123456789012:desc-${RUN}`;

interface Page {
  alarms: { name: string; state?: string; comparison?: string; actions: number }[];
  next_token?: string;
}

motoTest(
  "cloudwatch_describe_alarms combines filters and pages against moto",
  async (endpoint, t) => {
    const cw = await motoCloudWatch(endpoint, REGION);
    const names = ["a", "b", "c"].map((x) => `${PREFIX}${x}`);
    for (const [i, name] of names.entries()) {
      await cw.putMetricAlarm({
        AlarmName: name,
        Namespace: "AWS/EBS",
        MetricName: "VolumeQueueLength",
        Dimensions: [{ Name: "VolumeId", Value: `vol-${i}` }],
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 2,
        Threshold: i,
        ComparisonOperator: "LessThanThreshold",
        ...(i === 0 ? { AlarmActions: [TOPIC] } : {}),
      });
    }
    await cw.setAlarmState({ AlarmName: names[1], StateValue: "ALARM", StateReason: "test" });
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: cloudwatchAlarmTools,
    });
    try {
      await t.step("state and name_prefix together select only matching alarms", async () => {
        // moto applies only the first filter it finds (here the prefix); the tool checks both.
        const out = await callOk<Page>(client, "cloudwatch_describe_alarms", {
          name_prefix: PREFIX,
          state: "ALARM",
        });
        deepEqual(out.alarms.map((a) => [a.name, a.state]), [[names[1], "ALARM"]]);
        equal(out.alarms[0]?.comparison, "VolumeQueueLength < 1 for 2×60s");
      });

      await t.step("action_prefix and name_prefix together", async () => {
        const out = await callOk<Page>(client, "cloudwatch_describe_alarms", {
          name_prefix: PREFIX,
          action_prefix: TOPIC,
        });
        deepEqual(out.alarms.map((a) => [a.name, a.actions]), [[names[0], 1]]);
      });

      await t.step("pages of two with next_token cover all three", async () => {
        const first = await callOk<Page>(client, "cloudwatch_describe_alarms", {
          name_prefix: PREFIX,
          max_results: 2,
        });
        equal(first.alarms.length, 2);
        ok(first.next_token);
        const second = await callOk<Page>(client, "cloudwatch_describe_alarms", {
          name_prefix: PREFIX,
          max_results: 2,
          next_token: first.next_token,
        });
        equal(second.next_token, undefined);
        deepEqual([...first.alarms, ...second.alarms].map((a) => a.name).sort(), names);
      });

      await t.step("type composite finds none of these metric alarms", async () => {
        const out = await callOk<Page>(client, "cloudwatch_describe_alarms", {
          name_prefix: PREFIX,
          type: "composite",
        });
        deepEqual(out.alarms, []);
      });
    } finally {
      await close();
      await cw.deleteAlarms({ AlarmNames: names });
    }
  },
);
