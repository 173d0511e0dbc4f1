import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { GetMetricDataInput } from "@aws-sdk/client-cloudwatch";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import {
  hoursAgo,
  isoSeconds,
  metricDataStub,
  plusMinutes,
  type StubSeries,
} from "../../tests/_cloudwatch_metrics.ts";
import { getMetricData } from "./get_metric_data.ts";

const NAME = "cloudwatch_get_metric_data";

interface Result {
  window: { start: string; end: string; period: number };
  series: Record<string, unknown>[];
  note?: string;
}

Deno.test("cloudwatch_get_metric_data sends metric and math queries over an aligned window", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({}) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricData] });
  try {
    const start = hoursAgo(6);
    const out = await callOk<Result>(client, NAME, {
      queries: [
        {
          id: "cpu",
          namespace: "AWS/EC2",
          metric: "CPUUtilization",
          dimensions: { InstanceId: "i-0123456789abcdef0" },
        },
        { id: "lat", namespace: "App", metric: "Latency", stat: "p99", label: "p99 latency" },
        { id: "pct", expression: "cpu / 100", label: "fraction" },
      ],
      start: start.toISOString(),
      end: plusMinutes(start, 359).toISOString().replace("Z", "+00:00"),
    });
    // 359 minutes at 60 s would be 359 points (> 300): 120 s, with the end aligned up to 6 h.
    deepEqual(out.window, {
      start: isoSeconds(start),
      end: isoSeconds(plusMinutes(start, 360)),
      period: 120,
    });
    deepEqual(aws.calls.map((c) => c.input), [{
      MetricDataQueries: [
        {
          Id: "cpu",
          MetricStat: {
            Metric: {
              Namespace: "AWS/EC2",
              MetricName: "CPUUtilization",
              Dimensions: [{ Name: "InstanceId", Value: "i-0123456789abcdef0" }],
            },
            Period: 120,
            Stat: "Average",
          },
        },
        {
          Id: "lat",
          MetricStat: {
            Metric: { Namespace: "App", MetricName: "Latency" },
            Period: 120,
            Stat: "p99",
          },
          Label: "p99 latency",
        },
        { Id: "pct", Expression: "cpu / 100", Label: "fraction" },
      ],
      StartTime: start,
      EndTime: plusMinutes(start, 360),
      ScanBy: "TimestampAscending",
    }]);
    deepEqual(out.series, [
      { id: "cpu", label: "CPUUtilization", count: 0, status: "Complete" },
      { id: "lat", label: "p99 latency", count: 0, status: "Complete" },
      { id: "pct", label: "fraction", count: 0, status: "Complete" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_data defaults to the last 3 hours at 1 minute", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({}) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricData] });
  try {
    const before = Date.now();
    const out = await callOk<Result>(client, NAME, {
      queries: [{ id: "m1", namespace: "N", metric: "M" }],
    });
    const input = aws.calls[0]?.input as GetMetricDataInput;
    const start = (input.StartTime as Date).getTime();
    const end = (input.EndTime as Date).getTime();
    equal(out.window.period, 60);
    equal(start % 60_000, 0);
    equal(end % 60_000, 0);
    ok(end >= before && end - before <= 61_000);
    ok(end - start === 10_800_000 || end - start === 10_860_000, `${end - start}`);
  } finally {
    await close();
  }
});

// A day of 1-minute CPU: 10 + (i mod 97) / 8, so the max (22) first falls at minute 96.
const day: StubSeries = Array.from({ length: 1440 }, (_, i) => [i, 10 + (i % 97) / 8]);

Deno.test("cloudwatch_get_metric_data summarises a day of 1-minute points in under 1 KB", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({ "M Average": day }) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricData] });
  try {
    const start = hoursAgo(24);
    const result = await call(client, NAME, {
      queries: [{ id: "m1", namespace: "N", metric: "M", dimensions: { Host: "web-1" } }],
      start: start.toISOString(),
      end: plusMinutes(start, 1440).toISOString(),
      period: 60,
    });
    equal(result.isError, undefined);
    const body = text(result);
    ok(body.length < 1024, `${body.length} bytes`);
    const out = result.structuredContent as unknown as Result;
    deepEqual(out.series, [{
      id: "m1",
      label: "M",
      count: 1440,
      min: 10,
      max: 22,
      avg: 15.95, // 15.9466…
      last: 20.13, // 10 + 81 / 8 = 20.125
      last_at: isoSeconds(plusMinutes(start, 1439)),
      max_at: isoSeconds(plusMinutes(start, 96)),
      status: "Complete",
    }]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_data bounds include_points and says what it cut", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({ "M Sum": day }) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricData] });
  try {
    const start = hoursAgo(24);
    const queries = Array.from({ length: 10 }, (_, i) => ({
      id: `m${i}`,
      namespace: "N",
      metric: "M",
      stat: "Sum",
    }));
    const result = await call(client, NAME, {
      queries,
      start: start.toISOString(),
      end: plusMinutes(start, 1440).toISOString(),
      period: 60,
      include_points: true,
    });
    const out = result.structuredContent as unknown as Result;
    ok(text(result).length < 40_000, `${text(result).length} bytes`);
    match(out.note ?? "", /^points cut to the newest that fit the size bound/);
    const first = out.series[0] as { points: [string, number][]; points_omitted: number };
    equal(first.points.length + first.points_omitted, 1440);
    deepEqual(first.points.at(-1), [isoSeconds(plusMinutes(start, 1439)), 20.13]);
    equal(out.series[0]?.total, 22963); // 22963.125 rounded
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_data names the field of a malformed query", async () => {
  const aws = stubAws({ cloudwatch: { getMetricData: metricDataStub({}) } });
  const { client, close } = await connect({}, { aws, inventory: [getMetricData] });
  const bad = async (args: Record<string, unknown>, expected: RegExp) => {
    const result = await call(client, NAME, args);
    equal(result.isError, true);
    match(text(result), expected);
  };
  try {
    await bad(
      { queries: [{ id: "m1", metric: "M" }] },
      /^InvalidInput: queries\.0\.namespace: required/,
    );
    await bad(
      {
        queries: [{ id: "m1", namespace: "N", metric: "M" }, {
          id: "e",
          expression: "m1",
          stat: "Sum",
        }],
      },
      /^InvalidInput: queries\.1\.stat: not allowed with expression/,
    );
    await bad(
      { queries: [{ id: "m1", expression: "1" }, { id: "m1", expression: "2" }] },
      /^InvalidInput: queries\.1\.id: "m1" repeats/,
    );
    await bad({ queries: [{ id: "M1", expression: "1" }] }, /queries\.0\.id: expected a-z then/);
    await bad(
      { queries: [{ id: "m1", namespace: "N", metric: "M", stat: "P99" }] },
      /queries\.0\.stat: expected Average, Sum, Minimum, Maximum, SampleCount, p99/,
    );
    await bad(
      { queries: [{ id: "m1", expression: "1" }], period: 90 },
      /period: expected 1, 5, 10, 20, 30 or a multiple of 60/,
    );
    await bad(
      { queries: [{ id: "m1", expression: "1" }], last: "3 hours" },
      /last: expected a duration like 30m/,
    );
    await bad(
      { queries: [{ id: "m1", expression: "1" }], last: "1h", start: new Date().toISOString() },
      /^InvalidInput: last: give last or start, not both/,
    );
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
