import { deepEqual, equal, match } from "node:assert/strict";
import { cloudwatchAlarmTools } from "../../tools/cloudwatch/alarm_tools.ts";
import { call, callOk, connectMoto, motoCloudWatch, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-southeast-7, only on alarms named with its run id.
const REGION = "ap-southeast-7";
const RUN = crypto.randomUUID();
const TOPIC = `arn:aws:sns:${REGION}:123456789012:ops-${RUN}`;

interface Alarms {
  alarms: { name: string; comparison?: string; sns_topics?: string[]; statistic?: string }[];
}

motoTest(
  "cloudwatch_put_metric_alarm creates, describes, dry-runs and updates an alarm in moto",
  async (endpoint, t) => {
    const cw = await motoCloudWatch(endpoint, REGION);
    const name = `put-cpu-${RUN}`;
    const requireTag = { key: "owner", value: "mcp" };
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowWrite: true,
      requireTag,
    }, { inventory: cloudwatchAlarmTools });
    const describe = () =>
      callOk<Alarms>(client, "cloudwatch_describe_alarms", { alarm_names: [name] });
    const tagsOf = async () => {
      const arn = (await cw.describeAlarms({ AlarmNames: [name] })).MetricAlarms?.[0]?.AlarmArn;
      const out = await cw.listTagsForResource({ ResourceARN: arn });
      return Object.fromEntries((out.Tags ?? []).map((x) => [x.Key, x.Value]));
    };
    const args = {
      name,
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { InstanceId: "i-0123456789abcdef0" },
      statistic: "Average",
      evaluation_periods: 3,
      threshold: 80,
      comparison: ">",
      alarm_actions: [TOPIC],
      tags: { team: "blue" },
    };
    try {
      await t.step(
        "dry_run of a new alarm says it would create it and creates nothing",
        async () => {
          const dry = await callOk(client, "cloudwatch_put_metric_alarm", {
            ...args,
            dry_run: true,
          });
          equal((dry.dry_run as { would_succeed: boolean }).would_succeed, true);
          match(
            String((dry.dry_run as { message: string }).message),
            /would create alarm put-cpu-/,
          );
          deepEqual((await describe()).alarms, []);
        },
      );

      await t.step("create tags the alarm with its tags and the required one", async () => {
        const out = await callOk(client, "cloudwatch_put_metric_alarm", args);
        equal(out.action, "created");
        equal(out.alarm_name, name);
        deepEqual(await tagsOf(), { team: "blue", owner: "mcp" });
      });

      await t.step("describe renders the comparison and names the SNS topic", async () => {
        const { alarms } = await describe();
        equal(alarms.length, 1);
        equal(alarms[0]?.comparison, "CPUUtilization > 80 for 3×300s");
        equal(alarms[0]?.statistic, "Average");
        deepEqual(alarms[0]?.sns_topics, [`ops-${RUN}`]);
      });

      await t.step("dry_run of an existing alarm says it would update it", async () => {
        const dry = await callOk(client, "cloudwatch_put_metric_alarm", {
          ...args,
          threshold: 10,
          dry_run: true,
        });
        match(String((dry.dry_run as { message: string }).message), /would update alarm put-cpu-/);
        equal((await describe()).alarms[0]?.comparison, "CPUUtilization > 80 for 3×300s");
      });

      await t.step("update replaces the definition and leaves the tags alone", async () => {
        const out = await callOk(client, "cloudwatch_put_metric_alarm", {
          ...args,
          statistic: undefined,
          extended_statistic: "p90",
          period: 60,
          datapoints_to_alarm: 2,
          threshold: 10,
          comparison: "<=",
          tags: { team: "red" },
        });
        equal(out.action, "updated");
        equal(
          out.note,
          "tags apply on create only: the alarm's existing tags were left as they are",
        );
        const { alarms } = await describe();
        equal(alarms[0]?.comparison, "CPUUtilization <= 10 for 2 of 3×60s");
        equal(alarms[0]?.statistic, "p90");
        deepEqual(await tagsOf(), { team: "blue", owner: "mcp" });
      });

      await t.step("an alarm without the required tag is not updated", async () => {
        const other = `put-untagged-${RUN}`;
        await cw.putMetricAlarm({
          AlarmName: other,
          Namespace: "AWS/EC2",
          MetricName: "CPUUtilization",
          Statistic: "Average",
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        });
        const refused = await call(client, "cloudwatch_put_metric_alarm", {
          ...args,
          name: other,
          threshold: 99,
        });
        equal(refused.isError, true);
        match(text(refused), new RegExp(`^RequiredTagMissing: refused: ${other} does not carry`));
        const kept = await cw.describeAlarms({ AlarmNames: [other] });
        equal(kept.MetricAlarms?.[0]?.Threshold, 1);
        await cw.deleteAlarms({ AlarmNames: [other] });
      });
    } finally {
      await close();
      await cw.deleteAlarms({ AlarmNames: [name] });
    }
  },
);
