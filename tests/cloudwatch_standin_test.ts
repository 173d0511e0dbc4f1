import { deepEqual, equal, match, ok } from "node:assert/strict";
import { AwsClients } from "../aws/clients.ts";
import { cloudwatchAlarmTools } from "../tools/cloudwatch/alarm_tools.ts";
import { PNG_SIGNATURE } from "../tools/cloudwatch/get_metric_image.ts";
import {
  cloudWatchError,
  startCloudWatchStandIn,
  tinyPng,
  toBase64,
} from "./_cloudwatch_standin.ts";
import {
  call,
  callOk,
  connect,
  MOTO_ENDPOINT,
  motoTest,
  text,
  useMotoCredentials,
} from "./_helpers.ts";
import type { CloudWatchFakes } from "./_cloudwatch_standin.ts";
import type { Config } from "../server/config.ts";

// moto lacks DescribeAlarmHistory and GetMetricWidgetImage: a stand-in answers them over
// CloudWatch's JSON 1.0 protocol, so the SDK's real serializer and parser run; everything else
// goes to moto when MOTO_ENDPOINT is set. moto's state is global: ap-southeast-7 and per-run names.
const REGION = "ap-southeast-7";
const RUN = crypto.randomUUID();

async function connectStandIn(
  fakes: CloudWatchFakes,
  config: Partial<Config> = {},
  moto = MOTO_ENDPOINT,
) {
  useMotoCredentials();
  const standIn = startCloudWatchStandIn(fakes, moto);
  const aws = new AwsClients({
    profile: undefined,
    region: REGION,
    userAgent: "t",
    endpoint: standIn.url,
  });
  const connected = await connect({ region: REGION, ...config }, {
    aws,
    inventory: cloudwatchAlarmTools,
  });
  return {
    ...connected,
    standIn,
    close: async () => {
      await connected.close();
      await standIn.close();
    },
  };
}

function assertJson10(headers: Headers, operation: string) {
  equal(headers.get("x-amz-target"), `GraniteServiceVersion20100801.${operation}`);
  equal(headers.get("content-type"), "application/x-amz-json-1.0");
}

Deno.test("cloudwatch_get_alarm_history speaks JSON 1.0: epoch-second dates out and in, paging", async () => {
  const { client, close, standIn } = await connectStandIn({
    DescribeAlarmHistory: (input) =>
      input.NextToken === "page-2"
        ? {
          AlarmHistoryItems: [{
            AlarmName: "cpu-high",
            AlarmType: "MetricAlarm",
            Timestamp: 1735783200,
            HistoryItemType: "ConfigurationUpdate",
            HistorySummary: 'Alarm "cpu-high" created',
            HistoryData: "{}",
          }],
        }
        : {
          AlarmHistoryItems: [{
            AlarmName: "cpu-high",
            AlarmType: "MetricAlarm",
            Timestamp: 1735787045.5,
            HistoryItemType: "StateUpdate",
            HistorySummary: "Alarm updated from OK to ALARM",
            HistoryData: JSON.stringify({
              version: "1.0",
              oldState: { stateValue: "OK" },
              newState: { stateValue: "ALARM", stateReason: "Threshold Crossed: 1 datapoint" },
            }),
          }],
          NextToken: "page-2",
        },
  });
  try {
    const before = Date.now() / 1000;
    const first = await callOk<{ items: unknown[]; next_token?: string }>(
      client,
      "cloudwatch_get_alarm_history",
      { alarm_name: "cpu-high", type: "StateUpdate", hours: 2, max_results: 1 },
    );
    deepEqual(first.items, [{
      time: "2025-01-02T03:04:05.500Z",
      type: "StateUpdate",
      summary: "Alarm updated from OK to ALARM",
      reason: "Threshold Crossed: 1 datapoint",
    }]);
    const sent = standIn.calls[0];
    ok(sent);
    assertJson10(sent.headers, "DescribeAlarmHistory");
    const { StartDate, ...rest } = sent.input as { StartDate: number };
    deepEqual(rest, {
      AlarmName: "cpu-high",
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      HistoryItemType: "StateUpdate",
      ScanBy: "TimestampDescending",
      MaxRecords: 100,
    });
    equal(typeof StartDate, "number", "the SDK sends dates as epoch seconds");
    ok(Math.abs(before - 7200 - StartDate) <= 61, `StartDate ${StartDate} is two hours back`);

    const second = await callOk<{ items: { time: string }[]; next_token?: string }>(
      client,
      "cloudwatch_get_alarm_history",
      {
        alarm_name: "cpu-high",
        type: "StateUpdate",
        hours: 2,
        max_results: 1,
        next_token: first.next_token,
      },
    );
    equal(standIn.calls[1]?.input.NextToken, "page-2");
    deepEqual(second.items.map((i) => i.time), ["2025-01-02T02:00:00.000Z"]);
    equal(second.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_metric_image over JSON 1.0 attaches the PNG the endpoint returned", async () => {
  const png = await tinyPng(8);
  const { client, close, standIn } = await connectStandIn({
    GetMetricWidgetImage: () => ({ MetricWidgetImage: toBase64(png) }),
  });
  try {
    const result = await call(client, "cloudwatch_get_metric_image", {
      metrics: [{
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        dimensions: { InstanceId: "i-0123456789abcdef0" },
        stat: "Maximum",
      }],
      hours: 12,
    });
    equal(result.isError, undefined, text(result));
    const sent = standIn.calls[0];
    ok(sent);
    assertJson10(sent.headers, "GetMetricWidgetImage");
    deepEqual(Object.keys(sent.input).sort(), ["MetricWidget", "OutputFormat"]);
    equal(sent.input.OutputFormat, "png");
    deepEqual(JSON.parse(String(sent.input.MetricWidget)), {
      view: "timeSeries",
      metrics: [[
        "AWS/EC2",
        "CPUUtilization",
        "InstanceId",
        "i-0123456789abcdef0",
        { stat: "Maximum" },
      ]],
      region: REGION,
      width: 600,
      height: 400,
      start: "-PT12H",
      end: "P0D",
    });
    const image = result.content[1];
    ok(image && image.type === "image", "content[1] is an image");
    equal(image.mimeType, "image/png");
    const bytes = Uint8Array.from(atob(image.data), (c) => c.charCodeAt(0));
    deepEqual([...bytes.subarray(0, 8)], PNG_SIGNATURE);
    deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    deepEqual(bytes, png);
    const out = result.structuredContent as { summary: string; bytes: number };
    equal(
      out.summary,
      `PNG 600×400, ${png.length} bytes: AWS/EC2/CPUUtilization InstanceId=i-0123456789abcdef0 (Maximum), last 12h`,
    );
    equal(out.bytes, png.length);
  } finally {
    await close();
  }
});

Deno.test("a CloudWatch JSON 1.0 error reaches the model as code, message and hint", async () => {
  const { client, close } = await connectStandIn({
    GetMetricWidgetImage: () =>
      cloudWatchError(400, "InvalidParameterInput", "The metric widget is not valid JSON."),
  });
  try {
    const result = await call(client, "cloudwatch_get_metric_image", {
      metric_widget: { metrics: [["AWS/EC2", "CPUUtilization"]] },
    });
    equal(result.isError, true);
    // CloudWatch is query-compatible: the SDK names the error by its modelled class, whose
    // query code (x-amzn-query-error) is InvalidParameterInput.
    equal(
      text(result),
      "InvalidParameterInput: The metric widget is not valid JSON — check the arguments against the tool's schema",
    );
    equal(result.content.length, 1);
  } finally {
    await close();
  }
});

motoTest(
  "the stand-in fakes alarm history while alarms themselves live in moto",
  async (endpoint) => {
    const name = `standin-${RUN}`;
    const { client, close, standIn } = await connectStandIn(
      {
        DescribeAlarmHistory: (input) => ({
          AlarmHistoryItems: [{
            AlarmName: input.AlarmName,
            Timestamp: Math.floor(Date.now() / 1000),
            HistoryItemType: "ConfigurationUpdate",
            HistorySummary: `Alarm "${input.AlarmName}" created`,
          }],
        }),
      },
      { allowDestructive: true, waiveConfirmation: true },
      endpoint,
    );
    try {
      const put = await callOk(client, "cloudwatch_put_metric_alarm", {
        name,
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        statistic: "Average",
        threshold: 50,
        comparison: ">=",
      });
      equal(put.action, "created");
      equal(put.account, "123456789012", "STS went through to moto");
      const listed = await callOk<{ alarms: { name: string; comparison?: string }[] }>(
        client,
        "cloudwatch_describe_alarms",
        { alarm_names: [name] },
      );
      deepEqual(listed.alarms.map((a) => [a.name, a.comparison]), [
        [name, "CPUUtilization >= 50 for 1×300s"],
      ]);
      const history = await callOk<{ items: { summary?: string }[] }>(
        client,
        "cloudwatch_get_alarm_history",
        { alarm_name: name },
      );
      deepEqual(history.items.map((i) => i.summary), [`Alarm "${name}" created`]);
      deepEqual(standIn.calls.map((c) => c.operation), ["DescribeAlarmHistory"]);
      const deleted = await callOk(client, "cloudwatch_delete_alarms", { alarm_names: [name] });
      deepEqual(deleted.deleted, [name]);
      match(String(deleted.confirmation), /^waived$/);
    } finally {
      await close();
    }
  },
);
