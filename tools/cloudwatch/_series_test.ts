import { deepEqual, equal, throws } from "node:assert/strict";
import type { CloudWatch, GetMetricDataInput } from "@aws-sdk/client-cloudwatch";
import { ToolError } from "../../aws/errors.ts";
import {
  expressionQuery,
  fetchMetricData,
  iso,
  metricQuery,
  parseDuration,
  type Point,
  resolveWindow,
  roundValue,
  serviceMetrics,
  shortTime,
  summarize,
  toPoints,
  type WindowArgs,
} from "./_series.ts";

const NOW = new Date("2026-11-24T14:05:30Z");
const at = (text: string) => new Date(text);

function window(args: WindowArgs, maxPoints?: number) {
  const w = resolveWindow(args, NOW, maxPoints);
  return { start: iso(w.start), end: iso(w.end), period: w.period };
}

function refuses(args: WindowArgs, message: RegExp, maxPoints?: number) {
  throws(() => resolveWindow(args, NOW, maxPoints), (e: unknown) => {
    equal((e as ToolError).code, "InvalidInput");
    return message.test((e as Error).message);
  });
}

Deno.test("parseDuration reads short and ISO 8601 durations", () => {
  deepEqual(
    ["30m", "3h", "7d", "2w", "PT3H", "P1DT12H", "PT90M", "P2D"].map(parseDuration),
    [1800, 10_800, 604_800, 1_209_600, 10_800, 129_600, 5400, 172_800],
  );
});

Deno.test("resolveWindow defaults to the last 3 hours at 1 minute, aligned outwards", () => {
  deepEqual(window({}), { start: "2026-11-24T11:05:00Z", end: "2026-11-24T14:06:00Z", period: 60 });
});

Deno.test("resolveWindow picks the smallest ladder period giving at most 300 points", () => {
  // 24 h: 60 s gives 1441 points, 120 s 721, 300 s 289.
  deepEqual(window({ last: "24h" }), {
    start: "2026-11-23T14:05:00Z",
    end: "2026-11-24T14:10:00Z",
    period: 300,
  });
  // 7 days: 1800 s gives 337 points, 3600 s 169.
  deepEqual(window({ last: "7d" }).period, 3600);
  // 30 days: 7200 s gives 361 points, 10800 s 241.
  deepEqual(window({ last: "30d" }), {
    start: "2026-10-25T12:00:00Z",
    end: "2026-11-24T15:00:00Z",
    period: 10_800,
  });
  // 455 days: two days per point.
  deepEqual(window({ last: "455d" }).period, 172_800);
});

Deno.test("resolveWindow counts last back from end and keeps an explicit period", () => {
  deepEqual(window({ end: "2026-11-20T00:00:00Z", last: "1h" }), {
    start: "2026-11-19T23:00:00Z",
    end: "2026-11-20T00:00:00Z",
    period: 60,
  });
  deepEqual(
    window({ start: "2026-11-24T00:00:00Z", end: "2026-11-24T01:00:00Z", period: 3600 }),
    { start: "2026-11-24T00:00:00Z", end: "2026-11-24T01:00:00Z", period: 3600 },
  );
  deepEqual(window({ last: "1h", period: 1 }).period, 1);
});

Deno.test("resolveWindow keeps auto periods within CloudWatch's retention", () => {
  // A start 20 days ago needs multiples of 5 minutes, 70 days ago of an hour.
  deepEqual(window({ start: "2026-11-04T00:00:00Z", end: "2026-11-04T01:00:00Z" }).period, 300);
  deepEqual(window({ start: "2026-09-15T00:00:00Z", end: "2026-09-15T01:00:00Z" }).period, 3600);
});

Deno.test("resolveWindow refuses inconsistent windows naming the field", () => {
  refuses({ last: "1h", start: "2026-11-24T00:00:00Z" }, /^last: give last or start, not both$/);
  refuses(
    { start: "2026-11-24T02:00:00Z", end: "2026-11-24T01:00:00Z" },
    /^start: the window must start before it ends$/,
  );
  refuses({ start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z" }, /^start: in the future$/);
  refuses({ last: "456d" }, /^last: window longer than 455 days$/);
  refuses({ last: "4h", period: 10 }, /^period: periods under 60 s are kept for 3 hours only$/);
  refuses(
    { start: "2026-11-04T00:00:00Z", end: "2026-11-05T00:00:00Z", period: 60 },
    /^period: must be a multiple of 300 for data from over 15 days ago$/,
  );
  refuses({ last: "8d", period: 60 }, /^period: 11521 points per series, at most 10080$/);
  refuses({ last: "2d", period: 60 }, /^period: 2881 points per series, at most 1440$/, 1440);
});

Deno.test("roundValue keeps integers and four significant digits below 1000", () => {
  deepEqual(
    [42, 12.3456, -12.3456, 0.00123456, 1234.56, 123456789.7, 99.99, 0.5].map(roundValue),
    [42, 12.35, -12.35, 0.001235, 1235, 123456790, 99.99, 0.5],
  );
});

Deno.test("toPoints drops missing values and sorts oldest first", () => {
  const points = toPoints(
    [at("2026-11-24T10:02:00Z"), at("2026-11-24T10:00:00Z"), at("2026-11-24T10:01:00Z"), undefined],
    [3, 1, null, 4],
  );
  deepEqual(points.map((p) => [iso(p.at), p.value]), [
    ["2026-11-24T10:00:00Z", 1],
    ["2026-11-24T10:02:00Z", 3],
  ]);
});

const five: Point[] = [5, 1, 9, 9, 3.25].map((value, i) => ({
  at: new Date(Date.UTC(2026, 10, 24, 10, i)),
  value,
}));

Deno.test("summarize reports count, min, max, mean, last and the first time of the max", () => {
  deepEqual(summarize([...five].reverse(), { status: "Complete", total: true }), {
    count: 5,
    min: 1,
    max: 9,
    avg: 5.45,
    total: 27.25,
    last: 3.25,
    last_at: "2026-11-24T10:04:00Z",
    max_at: "2026-11-24T10:02:00Z",
    status: "Complete",
  });
  deepEqual(summarize([], { status: "PartialData" }), { count: 0, status: "PartialData" });
});

Deno.test("summarize keeps the newest raw points that fit the byte budget", () => {
  const all = summarize(five, { includePoints: true });
  deepEqual(all.points?.[0], ["2026-11-24T10:00:00Z", 5]);
  equal(all.points?.length, 5);
  equal(all.points_omitted, undefined);
  // Each point is 27 or 30 bytes of JSON plus a comma: 70 bytes hold the newest two.
  const cut = summarize(five, { includePoints: true, pointsBudget: 70 });
  deepEqual(cut.points, [["2026-11-24T10:03:00Z", 9], ["2026-11-24T10:04:00Z", 3.25]]);
  equal(cut.points_omitted, 3);
});

Deno.test("a day of 1-minute points summarises in well under 1 KB", () => {
  const day = Array.from({ length: 1440 }, (_, i) => ({
    at: new Date(Date.UTC(2026, 10, 23, 0, i)),
    value: 10 + (i % 97) / 7,
  }));
  const text = JSON.stringify(summarize(day, { status: "Complete" }));
  equal(text.length < 300, true, `${text.length} bytes: ${text}`);
});

Deno.test("metricQuery and expressionQuery build GetMetricData queries", () => {
  deepEqual(
    metricQuery({
      id: "m1",
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { InstanceId: "i-0123456789abcdef0", AutoScalingGroupName: "web" },
      stat: "p99",
      label: "cpu",
    }, 300),
    {
      Id: "m1",
      MetricStat: {
        Metric: {
          Namespace: "AWS/EC2",
          MetricName: "CPUUtilization",
          Dimensions: [
            { Name: "InstanceId", Value: "i-0123456789abcdef0" },
            { Name: "AutoScalingGroupName", Value: "web" },
          ],
        },
        Period: 300,
        Stat: "p99",
      },
      Label: "cpu",
    },
  );
  deepEqual(
    metricQuery({ id: "w", namespace: "N", metric: "M", stat: "Sum", period: 10_800 }, 60),
    {
      Id: "w",
      MetricStat: { Metric: { Namespace: "N", MetricName: "M" }, Period: 10_800, Stat: "Sum" },
    },
  );
  deepEqual(expressionQuery({ id: "e1", expression: "m1 * 100" }, 300), {
    Id: "e1",
    Expression: "m1 * 100",
  });
  deepEqual(
    expressionQuery({ id: "s", expression: "SEARCH('{AWS/EC2} CPU', 'Average')" }, 300).Period,
    300,
  );
});

function fakeCloudWatch(pages: Record<string, unknown>) {
  const inputs: GetMetricDataInput[] = [];
  const cloudwatch = {
    getMetricData: (input: GetMetricDataInput) => {
      inputs.push(input);
      return Promise.resolve(pages[input.NextToken ?? ""]);
    },
  } as unknown as CloudWatch;
  return { cloudwatch, inputs };
}

Deno.test("fetchMetricData follows NextToken and merges each query's pages", async () => {
  const t = (m: number) => new Date(Date.UTC(2026, 10, 24, 10, m));
  const { cloudwatch, inputs } = fakeCloudWatch({
    "": {
      MetricDataResults: [
        {
          Id: "a",
          Label: "A",
          Timestamps: [t(1), t(0)],
          Values: [2, 1],
          StatusCode: "PartialData",
        },
      ],
      NextToken: "n2",
    },
    n2: {
      MetricDataResults: [
        { Id: "a", Label: "A", Timestamps: [t(2)], Values: [3], StatusCode: "Complete" },
        {
          Id: "b",
          Timestamps: [],
          Values: [],
          StatusCode: "Complete",
          Messages: [{ Code: "X", Value: "y" }],
        },
      ],
      Messages: [{ Code: "MaxQueryTimeRangeExceed", Value: "too long" }],
    },
  });
  const w = { start: t(0), end: t(3), period: 60 };
  const queries = [{ Id: "b", Expression: "a" }, { Id: "a", Expression: "x" }];
  const out = await fetchMetricData(cloudwatch, queries, w);
  deepEqual(inputs.map((i) => i.NextToken), [undefined, "n2"]);
  deepEqual(inputs[0], {
    MetricDataQueries: queries,
    StartTime: t(0),
    EndTime: t(3),
    ScanBy: "TimestampAscending",
  });
  deepEqual(out.series.map((s) => [s.id, s.status, s.points.map((p) => p.value), s.messages]), [
    ["b", "Complete", [], ["X: y"]],
    ["a", "Complete", [1, 2, 3], []],
  ]);
  deepEqual(out.messages, ["MaxQueryTimeRangeExceed: too long"]);
});

Deno.test("serviceMetrics asks one call with shared queries and reduces each metric", async () => {
  const t = (m: number) => new Date(Date.UTC(2026, 10, 24, 10, m));
  const { cloudwatch, inputs } = fakeCloudWatch({
    "": {
      MetricDataResults: [
        { Id: "q0", Timestamps: [t(0)], Values: [12.345678] },
        { Id: "q1", Timestamps: [t(0), t(1), t(2)], Values: [50, 80, 80] },
        { Id: "q2", Timestamps: [t(0)], Values: [1_000_000.4] },
        { Id: "q3", Timestamps: [t(0), t(1), t(2)], Values: [1, 0, 0] },
      ],
    },
  });
  const w = { start: t(0), end: t(3), period: 60 };
  const out = await serviceMetrics(cloudwatch, {
    namespace: "AWS/EC2",
    dimensions: { InstanceId: "i-0123456789abcdef0" },
    window: w,
    metrics: [
      {
        key: "cpu_percent",
        metric: "CPUUtilization",
        parts: [
          { field: "avg", stat: "Average", mode: "window" },
          { field: "max", stat: "Maximum", mode: "peak" },
        ],
      },
      {
        key: "network_in_bytes",
        metric: "NetworkIn",
        parts: [{ field: "total", stat: "Sum", mode: "window" }],
      },
      {
        key: "status_check_failed",
        metric: "StatusCheckFailed",
        parts: [
          { field: "last", stat: "Maximum", mode: "last" },
          { field: "max", stat: "Maximum", mode: "peak" },
        ],
      },
      {
        key: "disk_read_bytes",
        metric: "DiskReadBytes",
        parts: [{ field: "total", stat: "Sum", mode: "window" }],
        optional: true,
      },
      {
        key: "network_out_bytes",
        metric: "NetworkOut",
        parts: [{ field: "total", stat: "Sum", mode: "window" }],
      },
    ],
  });
  equal(inputs.length, 1);
  // The peak and last of one statistic share a query; window aggregates span the 180 s window.
  deepEqual(
    inputs[0]?.MetricDataQueries?.map((
      q,
    ) => [q.Id, q.MetricStat?.Metric?.MetricName, q.MetricStat?.Stat, q.MetricStat?.Period]),
    [
      ["q0", "CPUUtilization", "Average", 180],
      ["q1", "CPUUtilization", "Maximum", 60],
      ["q2", "NetworkIn", "Sum", 180],
      ["q3", "StatusCheckFailed", "Maximum", 60],
      ["q4", "DiskReadBytes", "Sum", 180],
      ["q5", "NetworkOut", "Sum", 180],
    ],
  );
  deepEqual(inputs[0]?.MetricDataQueries?.[0]?.MetricStat?.Metric?.Dimensions, [
    { Name: "InstanceId", Value: "i-0123456789abcdef0" },
  ]);
  deepEqual(out, {
    metrics: {
      cpu_percent: { avg: 12.35, max: 80, max_at: "2026-11-24T10:01:00Z" },
      network_in_bytes: { total: 1_000_000 },
      status_check_failed: { last: 0, max: 1, max_at: "2026-11-24T10:00:00Z" },
    },
    no_data: ["network_out_bytes"],
  });
});

Deno.test("shortTime gives the clock within a day and the date beyond", () => {
  const day = { start: at("2026-11-24T00:00:00Z"), end: at("2026-11-25T00:00:00Z"), period: 300 };
  const week = { ...day, end: at("2026-12-01T00:00:00Z") };
  equal(shortTime("2026-11-24T03:12:00Z", day), "03:12Z");
  equal(shortTime("2026-11-24T03:12:00Z", week), "11-24T03:12Z");
});
