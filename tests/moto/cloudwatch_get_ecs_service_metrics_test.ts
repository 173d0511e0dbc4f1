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
import { getEcsServiceMetrics } from "../../tools/cloudwatch/get_ecs_service_metrics.ts";

// moto's state is global: this file writes only to mx-central-1, for a cluster and service of
// its own run.
const REGION = "mx-central-1";
const RUN = crypto.randomUUID();
const CLUSTER = `prod-${RUN}`;
const SERVICE = `web-${RUN}`;

motoTest(
  "cloudwatch_get_ecs_service_metrics summarises a service's AWS/ECS metrics from moto",
  async (endpoint) => {
    // 12 hours of 5-minute points, as ECS publishes them.
    const start = hoursAgo(12);
    const cloudwatch = await motoCloudWatch(endpoint, REGION);
    // Same dimension order as the tool asks: moto compares dimension lists after a faulty sort.
    const dimensions = { ClusterName: CLUSTER, ServiceName: SERVICE };
    const put = (name: string, value: (m: number) => number) =>
      putSeries(
        cloudwatch,
        { namespace: "AWS/ECS", name, dimensions, unit: "Percent" },
        minutes(start, range(720, 5), value),
      );
    // CPU 20…23 %, 97.5 % at minute 120; memory 61 %, 70 % at minutes 5 and 600.
    await put("CPUUtilization", (m) => m === 120 ? 97.5 : 20 + ((m / 5) % 4));
    await put("MemoryUtilization", (m) => m === 5 || m === 600 ? 70 : 61);
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getEcsServiceMetrics],
    });
    try {
      const out = await callOk(client, "cloudwatch_get_ecs_service_metrics", {
        cluster: `arn:aws:ecs:${REGION}:123456789012:cluster/${CLUSTER}`,
        service: SERVICE,
        start: start.toISOString(),
        end: plusMinutes(start, 720).toISOString(),
      });
      deepEqual(out, {
        account: "123456789012",
        region: REGION,
        window: { start: isoSeconds(start), end: isoSeconds(plusMinutes(start, 720)), period: 300 },
        metrics: {
          // (Σ 20 + i mod 4 over 144 points, with 97.5 for 20) / 144 = 22.038…
          cpu_percent: { avg: 22.04, max: 97.5, max_at: isoSeconds(plusMinutes(start, 120)) },
          // (142 · 61 + 2 · 70) / 144 = 61.125; the first of two equal peaks is reported.
          memory_percent: { avg: 61.13, max: 70, max_at: isoSeconds(plusMinutes(start, 5)) },
        },
      });
    } finally {
      await close();
    }
  },
);
