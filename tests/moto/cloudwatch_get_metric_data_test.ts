import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connectMoto, motoCloudWatch, motoTest, text } from "../_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  minutes,
  plusMinutes,
  putSeries,
  range,
} from "../_cloudwatch_metrics.ts";
import { getMetricData } from "../../tools/cloudwatch/get_metric_data.ts";

// moto's state is global: this file writes only to mx-central-1, under a namespace and a
// dimension value of its own run.
const REGION = "mx-central-1";
const RUN = crypto.randomUUID();
const NAMESPACE = `AwsMcpTest/${RUN}`;
const HOST = { Host: `web-${RUN}` };

interface Series {
  id: string;
  label?: string;
  count: number;
  min?: number;
  max?: number;
  avg?: number;
  total?: number;
  last?: number;
  last_at?: string;
  max_at?: string;
  status?: string;
  points?: [string, number][];
  points_omitted?: number;
}

interface Result {
  window: { start: string; end: string; period: number };
  series: Series[];
  note?: string;
}

motoTest(
  "cloudwatch_get_metric_data summarises a day of 1-minute data from moto",
  async (endpoint, t) => {
    // A day of 1-minute points, 10 + (minute mod 97) / 8: eighths add up exactly in floating point.
    const start = hoursAgo(24);
    const end = plusMinutes(start, 1440);
    const cloudwatch = await motoCloudWatch(endpoint, REGION);
    await putSeries(
      cloudwatch,
      { namespace: NAMESPACE, name: "Load", dimensions: HOST },
      minutes(start, range(1440), (m) => 10 + (m % 97) / 8),
    );
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getMetricData],
    });
    const window = { start: start.toISOString(), end: end.toISOString() };
    const load = { namespace: NAMESPACE, metric: "Load", dimensions: HOST };
    try {
      await t.step("four queries at 1 minute: exact summaries of 1440 points each", async () => {
        const result = await call(client, "cloudwatch_get_metric_data", {
          queries: [
            { id: "avg", ...load },
            { id: "sum", ...load, stat: "Sum" },
            { id: "n", ...load, stat: "SampleCount" },
            { id: "copy", expression: "avg", label: "same" },
          ],
          ...window,
          period: 60,
        });
        equal(result.isError, undefined, text(result));
        const out = result.structuredContent as unknown as Result;
        equal(out.window.period, 60);
        const last = isoSeconds(plusMinutes(start, 1439));
        const common = { last_at: last, status: "Complete" };
        deepEqual(out.series[0], {
          id: "avg",
          label: "Load Average", // moto's default label; AWS's would be "Load"
          count: 1440,
          min: 10,
          max: 22,
          avg: 15.95,
          last: 20.13,
          max_at: isoSeconds(plusMinutes(start, 96)),
          ...common,
        });
        deepEqual(out.series[1], {
          id: "sum",
          label: "Load Sum",
          count: 1440,
          min: 10,
          max: 22,
          avg: 15.95,
          total: 22963,
          last: 20.13,
          max_at: isoSeconds(plusMinutes(start, 96)),
          ...common,
        });
        deepEqual(
          [out.series[2]?.count, out.series[2]?.total, out.series[2]?.min, out.series[2]?.max],
          [1440, 1440, 1, 1],
        );
        // moto's metric math only copies another query's series when the expression is its id.
        deepEqual({ ...out.series[3], label: undefined }, {
          ...out.series[0],
          id: "copy",
          label: undefined,
        });
        ok(text(result).length < 2048, `${text(result).length} bytes`);
      });

      await t.step("the default: one series, 300 s periods, under 1 KB of text", async () => {
        const result = await call(client, "cloudwatch_get_metric_data", {
          queries: [{ id: "m1", ...load }],
          ...window,
        });
        const body = text(result);
        ok(body.length < 1024, `${body.length} bytes`);
        const out = result.structuredContent as unknown as Result;
        deepEqual(out.window, { start: isoSeconds(start), end: isoSeconds(end), period: 300 });
        // Each point is the average of five minutes: (10 + 77…81/8) ends the day at 19.875.
        deepEqual(out.series, [{
          id: "m1",
          label: "Load Average",
          count: 288,
          min: 10.25,
          max: 21.75,
          avg: 15.95,
          last: 19.88,
          last_at: isoSeconds(plusMinutes(start, 1435)),
          max_at: isoSeconds(plusMinutes(start, 480)),
          status: "Complete",
        }]);
      });

      await t.step("include_points returns the newest points within the bound", async () => {
        const result = await call(client, "cloudwatch_get_metric_data", {
          queries: [{ id: "m1", ...load }],
          ...window,
          period: 60,
          include_points: true,
        });
        const out = result.structuredContent as unknown as Result;
        const series = out.series[0] as Series;
        ok((series.points_omitted ?? 0) > 0);
        equal((series.points?.length ?? 0) + (series.points_omitted ?? 0), 1440);
        deepEqual(series.points?.at(-1), [isoSeconds(plusMinutes(start, 1439)), 20.13]);
        deepEqual(series.points?.at(-2), [isoSeconds(plusMinutes(start, 1438)), 20]);
        match(out.note ?? "", /^points cut to the newest/);
        ok(text(result).length < 40_000);
      });

      await t.step("a dimension value with no data gives an empty, complete series", async () => {
        const out = await callOk<Result>(client, "cloudwatch_get_metric_data", {
          queries: [{ id: "m1", ...load, dimensions: { Host: `none-${RUN}` } }],
          ...window,
        });
        deepEqual(out.series, [{ id: "m1", label: "Load Average", count: 0, status: "Complete" }]);
      });
    } finally {
      await close();
    }
  },
);
