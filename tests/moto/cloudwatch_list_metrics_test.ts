import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connectMoto, motoCloudWatch, motoTest, text } from "../_helpers.ts";
import { hoursAgo, plusMinutes, putSeries } from "../_cloudwatch_metrics.ts";
import { listMetrics } from "../../tools/cloudwatch/list_metrics.ts";

// moto's state is global: this file writes only to ap-southeast-6, under its own namespace.
const REGION = "ap-southeast-6";
const RUN = crypto.randomUUID();
const NAMESPACE = `AwsMcpTest/${RUN}`;

interface Row {
  namespace: string;
  metric: string;
  dimensions?: Record<string, string>;
}

interface Page {
  metrics: Row[];
  next_token?: string;
}

const key = (r: Row) => `${r.metric} ${JSON.stringify(r.dimensions ?? {})}`;

motoTest("cloudwatch_list_metrics filters and pages moto's metrics", async (endpoint, t) => {
  const cloudwatch = await motoCloudWatch(endpoint, REGION);
  const start = hoursAgo(1);
  const points = (n: number) =>
    Array.from({ length: n }, (_, i) => [plusMinutes(start, i), i] as [Date, number]);
  const put = (name: string, dimensions: Record<string, string>, n: number) =>
    putSeries(cloudwatch, { namespace: NAMESPACE, name, dimensions }, points(n));
  await put("Requests", { Host: "a" }, 2);
  await put("Requests", { Host: "b" }, 1);
  // moto lists a metric with several dimensions once per datum: the tool shows it once.
  await put("Latency", { Host: "a", Stage: "prod" }, 3);
  await put("Jobs", {}, 1);
  const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [listMetrics] });
  const list = (args: Record<string, unknown>) =>
    callOk<Page>(client, "cloudwatch_list_metrics", { namespace: NAMESPACE, ...args });
  try {
    await t.step("a namespace lists each metric once", async () => {
      const page = await list({});
      deepEqual(page.metrics.map(key).sort(), [
        "Jobs {}",
        'Latency {"Host":"a","Stage":"prod"}',
        'Requests {"Host":"a"}',
        'Requests {"Host":"b"}',
      ]);
      equal(page.next_token, undefined);
      deepEqual(page.metrics.find((m) => m.metric === "Jobs"), {
        namespace: NAMESPACE,
        metric: "Jobs",
      });
    });

    await t.step("metric and dimension filters, with * for any value", async () => {
      deepEqual((await list({ metric: "Requests" })).metrics.map(key).sort(), [
        'Requests {"Host":"a"}',
        'Requests {"Host":"b"}',
      ]);
      deepEqual((await list({ dimensions: { Host: "*" } })).metrics.map(key).sort(), [
        'Latency {"Host":"a","Stage":"prod"}',
        'Requests {"Host":"a"}',
        'Requests {"Host":"b"}',
      ]);
      deepEqual((await list({ dimensions: { Host: "a" } })).metrics.map(key).sort(), [
        'Latency {"Host":"a","Stage":"prod"}',
        'Requests {"Host":"a"}',
      ]);
      deepEqual(
        (await list({ dimensions: { Stage: "*" }, recently_active: true })).metrics.map(key),
        [
          'Latency {"Host":"a","Stage":"prod"}',
        ],
      );
    });

    await t.step("pages of two cover every metric once", async () => {
      const first = await list({ max_results: 2 });
      equal(first.metrics.length, 2);
      const second = await list({ max_results: 2, next_token: first.next_token });
      equal(second.metrics.length, 2);
      equal(second.next_token, undefined);
      deepEqual(new Set([...first.metrics, ...second.metrics].map(key)).size, 4);
      const moved = await call(client, "cloudwatch_list_metrics", {
        namespace: NAMESPACE,
        metric: "Jobs",
        next_token: first.next_token,
      });
      match(text(moved), /^InvalidInput: next_token: issued for different filters/);
    });
  } finally {
    await close();
  }
});
