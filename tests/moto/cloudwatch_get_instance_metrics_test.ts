import { deepEqual } from "node:assert/strict";
import { callOk, connectMoto, motoCloudWatch, motoTest } from "../_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  minutes,
  plusMinutes,
  putSeries,
  range,
} from "../_cloudwatch_metrics.ts";
import { getInstanceMetrics } from "../../tools/cloudwatch/get_instance_metrics.ts";

// moto's state is global: this file writes only to mx-central-1, for an instance id of its own
// run (moto matches GetMetricData queries with dimensions on the dimensions and name only).
const REGION = "mx-central-1";
const INSTANCE = `i-${crypto.randomUUID().replace(/-/g, "").slice(0, 17)}`;

motoTest(
  "cloudwatch_get_instance_metrics summarises an instance's AWS/EC2 metrics from moto",
  async (endpoint) => {
    const start = hoursAgo(3);
    const cloudwatch = await motoCloudWatch(endpoint, REGION);
    const put = (name: string, offsets: number[], value: (m: number) => number) =>
      putSeries(
        cloudwatch,
        { namespace: "AWS/EC2", name, dimensions: { InstanceId: INSTANCE } },
        minutes(start, offsets, value),
      );
    // CPU 10…19 % each minute, with one 80.25 % spike at minute 72.
    await put("CPUUtilization", range(180), (m) => m === 72 ? 80.25 : 10 + (m % 10));
    await put("NetworkIn", range(180, 5), () => 1000);
    await put("NetworkOut", range(180, 5), () => 500.5);
    await put("EBSReadBytes", range(180, 5), () => 0);
    await put("EBSWriteBytes", [0, 60, 120], () => 4096);
    // The system check failed at minutes 30 and 31, then recovered.
    const failed = (m: number) => m === 30 || m === 31 ? 1 : 0;
    await put("StatusCheckFailed", range(180), failed);
    await put("StatusCheckFailed_Instance", range(180), () => 0);
    await put("StatusCheckFailed_System", range(180), failed);
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getInstanceMetrics],
    });
    try {
      const out = await callOk(client, "cloudwatch_get_instance_metrics", {
        instance_id: INSTANCE,
        start: start.toISOString(),
        end: plusMinutes(start, 180).toISOString(),
      });
      const peak = plusMinutes(start, 72);
      const failure = plusMinutes(start, 30);
      const clock = (at: Date) => `${isoSeconds(at).slice(11, 16)}Z`;
      deepEqual(out, {
        account: "123456789012",
        region: REGION,
        window: { start: isoSeconds(start), end: isoSeconds(plusMinutes(start, 180)), period: 60 },
        metrics: {
          // (sum of 10 + m mod 10 over 180 minutes, with 80.25 for 12) / 180 = 14.879…
          cpu_percent: { avg: 14.88, max: 80.25, max_at: isoSeconds(peak) },
          network_in_bytes: { total: 36_000 },
          network_out_bytes: { total: 18_018 },
          ebs_read_bytes: { total: 0 },
          ebs_write_bytes: { total: 12_288 },
          status_check_failed: { max: 1, max_at: isoSeconds(failure), last: 0 },
          status_check_failed_instance: { max: 0, last: 0 },
          status_check_failed_system: { max: 1, max_at: isoSeconds(failure), last: 0 },
        },
        health: `status checks passing now; failed (system) at ${
          clock(failure)
        }; CPU avg 14.88%, peak 80.25% at ${clock(peak)}`,
      });
    } finally {
      await close();
    }
  },
);
