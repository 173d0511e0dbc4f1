import { deepEqual, equal, match } from "node:assert/strict";
import type { GetMetricDataInput } from "@aws-sdk/client-cloudwatch";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  metricDataStub,
  plusMinutes,
} from "../../tests/_cloudwatch_metrics.ts";
import { getInstanceMetrics } from "./get_instance_metrics.ts";

const NAME = "cloudwatch_get_instance_metrics";
const ID = "i-0123456789abcdef0";

interface Result {
  window: { start: string; end: string; period: number };
  metrics: Record<string, Record<string, number | string>>;
  no_data?: string[];
  health: string;
}

Deno.test("cloudwatch_get_instance_metrics asks everything in one call and says how the instance is", async () => {
  const start = hoursAgo(3);
  const aws = stubAws({
    cloudwatch: {
      getMetricData: metricDataStub({
        "CPUUtilization Average window": [[0, 12.3456]],
        "CPUUtilization Maximum": [[0, 40], [72, 80.25], [100, 80.25], [179, 20]],
        "NetworkIn Sum window": [[0, 123_456_789]],
        "NetworkOut Sum window": [[0, 2048.5]],
        "EBSReadBytes Sum window": [[0, 0]],
        "EBSWriteBytes Sum window": [[0, 4096]],
        "StatusCheckFailed Maximum": [[0, 0], [179, 0]],
        "StatusCheckFailed_Instance Maximum": [[179, 0]],
        "StatusCheckFailed_System Maximum": [[179, 0]],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceMetrics] });
  try {
    const out = await callOk<Result>(client, NAME, {
      instance_id: ID,
      start: start.toISOString(),
      end: plusMinutes(start, 180).toISOString(),
    });
    equal(aws.calls.length, 1);
    const input = aws.calls[0]?.input as GetMetricDataInput;
    deepEqual(
      input.MetricDataQueries?.map((q) =>
        `${q.Id} ${q.MetricStat?.Metric?.MetricName} ${q.MetricStat?.Stat} ${q.MetricStat?.Period}`
      ),
      [
        "q0 CPUUtilization Average 10800",
        "q1 CPUUtilization Maximum 60",
        "q2 NetworkIn Sum 10800",
        "q3 NetworkOut Sum 10800",
        "q4 EBSReadBytes Sum 10800",
        "q5 EBSWriteBytes Sum 10800",
        "q6 DiskReadBytes Sum 10800",
        "q7 DiskWriteBytes Sum 10800",
        "q8 StatusCheckFailed Maximum 60",
        "q9 StatusCheckFailed_Instance Maximum 60",
        "q10 StatusCheckFailed_System Maximum 60",
      ],
    );
    deepEqual(input.MetricDataQueries?.[0]?.MetricStat?.Metric, {
      Namespace: "AWS/EC2",
      MetricName: "CPUUtilization",
      Dimensions: [{ Name: "InstanceId", Value: ID }],
    });
    const peak = plusMinutes(start, 72);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      window: { start: isoSeconds(start), end: isoSeconds(plusMinutes(start, 180)), period: 60 },
      metrics: {
        cpu_percent: { avg: 12.35, max: 80.25, max_at: isoSeconds(peak) },
        network_in_bytes: { total: 123_456_789 },
        network_out_bytes: { total: 2049 },
        ebs_read_bytes: { total: 0 },
        ebs_write_bytes: { total: 4096 },
        status_check_failed: { max: 0, last: 0 },
        status_check_failed_instance: { max: 0, last: 0 },
        status_check_failed_system: { max: 0, last: 0 },
      },
      health: `status checks passing; CPU avg 12.35%, peak 80.25% at ${
        isoSeconds(peak).slice(11, 16)
      }Z`,
    });
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_instance_metrics reports failing checks and missing data", async () => {
  const aws = stubAws({
    cloudwatch: {
      getMetricData: metricDataStub({
        "StatusCheckFailed Maximum": [[0, 0], [170, 1]],
        "StatusCheckFailed_System Maximum": [[170, 1]],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceMetrics] });
  try {
    const out = await callOk<Result>(client, NAME, { instance_id: ID });
    deepEqual(out.no_data, ["cpu_percent", "network_in_bytes", "network_out_bytes"]);
    equal(out.health, "status checks failing (system); no CPU data (stopped, or not reporting)");
    const recovered = stubAws({
      cloudwatch: {
        getMetricData: metricDataStub({
          "StatusCheckFailed Maximum": [[0, 0], [5, 1], [40, 0]],
          "StatusCheckFailed_Instance Maximum": [[5, 1], [40, 0]],
        }),
      },
    });
    const again = await connect({}, { aws: recovered, inventory: [getInstanceMetrics] });
    try {
      const start = hoursAgo(2);
      const out2 = await callOk<Result>(again.client, NAME, {
        instance_id: ID,
        start: start.toISOString(),
        end: plusMinutes(start, 60).toISOString(),
      });
      const failedAt = isoSeconds(plusMinutes(start, 5)).slice(11, 16);
      equal(
        out2.health,
        `status checks passing now; failed (instance) at ${failedAt}Z; no CPU data (stopped, or not reporting)`,
      );
    } finally {
      await again.close();
    }
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_instance_metrics names a malformed instance id and window", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({}) } });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceMetrics] });
  try {
    const bad = await call(client, NAME, { instance_id: "web-1", last: "yesterday" });
    equal(bad.isError, true);
    match(text(bad), /instance_id: expected an id like i-0123456789abcdef0/);
    match(text(bad), /last: expected a duration like 30m, 3h, 7d or PT3H/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
