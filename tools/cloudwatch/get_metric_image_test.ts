import { deepEqual, equal, match } from "node:assert/strict";
import { tinyPng } from "../../tests/_cloudwatch_standin.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getMetricImage } from "./get_metric_image.ts";

const inventory = [getMetricImage];

function sentWidget(aws: ReturnType<typeof stubAws>): unknown {
  const input = aws.calls.at(-1)?.input as { MetricWidget: string; OutputFormat: string };
  equal(input.OutputFormat, "png");
  return JSON.parse(input.MetricWidget);
}

Deno.test("cloudwatch_get_metric_image builds the widget from metrics and attaches the PNG", async () => {
  const png = await tinyPng();
  const aws = stubAws({ cloudwatch: { getMetricWidgetImage: () => ({ MetricWidgetImage: png }) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const result = await call(client, "cloudwatch_get_metric_image", {
      metrics: [
        { namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: "i-1" } },
        { namespace: "AWS/EC2", metric: "NetworkIn", stat: "Sum" },
      ],
      hours: 6,
      width: 800,
      title: "web",
    });
    equal(result.isError, undefined);
    deepEqual(sentWidget(aws), {
      view: "timeSeries",
      metrics: [
        ["AWS/EC2", "CPUUtilization", "InstanceId", "i-1", { stat: "Average" }],
        ["AWS/EC2", "NetworkIn", { stat: "Sum" }],
      ],
      region: "us-east-1",
      width: 800,
      height: 400,
      start: "-PT6H",
      end: "P0D",
      title: "web",
    });
    const summary =
      `PNG 800×400, ${png.length} bytes: AWS/EC2/CPUUtilization InstanceId=i-1 (Average), AWS/EC2/NetworkIn (Sum), last 6h`;
    deepEqual(result.structuredContent, {
      account: "123456789012",
      region: "us-east-1",
      summary,
      bytes: png.length,
    });
    const image = result.content[1];
    equal(image?.type, "image");
    if (image?.type !== "image") throw new Error("no image block");
    equal(image.mimeType, "image/png");
    deepEqual(Uint8Array.from(atob(image.data), (c) => c.charCodeAt(0)), png);
    equal(result.content.length, 2);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_image passes a raw metric_widget through, explicit arguments winning", async () => {
  const png = await tinyPng();
  const aws = stubAws({ cloudwatch: { getMetricWidgetImage: () => ({ MetricWidgetImage: png }) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const raw = {
      metrics: [["AWS/Lambda", "Errors", "FunctionName", "f", { stat: "Sum" }]],
      view: "bar",
      start: "-P2D",
      end: "-P1D",
      width: 300,
      yAxis: { left: { min: 0 } },
      title: "errors",
    };
    const out = await callOk(client, "cloudwatch_get_metric_image", {
      metric_widget: raw,
      height: 200,
    });
    deepEqual(sentWidget(aws), { ...raw, region: "us-east-1", height: 200 });
    equal(out.summary, `PNG 300×200, ${png.length} bytes: errors, -P2D to -P1D`);
    await callOk(client, "cloudwatch_get_metric_image", { metric_widget: raw, hours: 1 });
    deepEqual(sentWidget(aws), {
      ...raw,
      region: "us-east-1",
      height: 400,
      start: "-PT1H",
      end: "P0D",
    });
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_image refuses bytes that are not a PNG", async () => {
  const aws = stubAws({
    cloudwatch: {
      getMetricWidgetImage: () => ({ MetricWidgetImage: new TextEncoder().encode("<html>") }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const result = await call(client, "cloudwatch_get_metric_image", {
      metrics: [{ namespace: "AWS/EC2", metric: "CPUUtilization" }],
    });
    equal(result.isError, true);
    match(text(result), /^InvalidImage: GetMetricWidgetImage returned 6 bytes that are not a PNG/);
    equal(result.content.length, 1);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_image names the field of bad input and calls nothing", async () => {
  const aws = stubAws({ cloudwatch: { getMetricWidgetImage: () => ({}) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const metrics = [{ namespace: "AWS/EC2", metric: "CPUUtilization" }];
    const cases: [Record<string, unknown>, RegExp][] = [
      [{}, /^InvalidInput: metrics: give exactly one of metrics, metric_widget/],
      [{ metrics, metric_widget: { metrics: [["A", "B"]] } }, /^InvalidInput: metrics: give/],
      [{ metric_widget: { view: "timeSeries" } }, /^InvalidInput: metric_widget\.metrics: /],
      [{ metric_widget: { metrics: [] } }, /^InvalidInput: metric_widget\.metrics: /],
      [{ metric_widget: { metrics: [["A", "B"]], width: 5000 } }, /metric_widget\.width: /],
      [{ metrics, width: 2001 }, /^InvalidInput: width: /],
      [{ metrics, hours: 0 }, /^InvalidInput: hours: /],
      [{ metrics: [{ namespace: "AWS/EC2" }] }, /^InvalidInput: metrics\.0\.metric: /],
    ];
    for (const [args, expected] of cases) {
      const result = await call(client, "cloudwatch_get_metric_image", args);
      equal(result.isError, true, JSON.stringify(args));
      match(text(result), expected);
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
