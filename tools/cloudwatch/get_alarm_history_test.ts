import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getAlarmHistory } from "./get_alarm_history.ts";

const inventory = [getAlarmHistory];
const items = [
  {
    AlarmName: "cpu-high",
    Timestamp: new Date("2025-01-02T03:04:05Z"),
    HistoryItemType: "StateUpdate",
    HistorySummary: "Alarm updated from OK to ALARM",
    HistoryData: JSON.stringify({
      newState: { stateValue: "ALARM", stateReason: "Threshold Crossed: 1 datapoint [93.1]" },
    }),
  },
  {
    AlarmName: "cpu-high",
    Timestamp: new Date("2025-01-02T02:00:00Z"),
    HistoryItemType: "ConfigurationUpdate",
    HistorySummary: 'Alarm "cpu-high" created',
    HistoryData: "{not json",
  },
];

Deno.test("cloudwatch_get_alarm_history asks for the window newest first and returns short rows", async () => {
  const aws = stubAws({
    cloudwatch: { describeAlarmHistory: () => ({ AlarmHistoryItems: items }) },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const before = Date.now();
    const out = await callOk(client, "cloudwatch_get_alarm_history", {
      alarm_name: "cpu-high",
      type: "StateUpdate",
      hours: 6,
    });
    const sent = aws.calls[0]?.input as { StartDate: Date };
    const { StartDate, ...rest } = sent;
    deepEqual(rest, {
      AlarmName: "cpu-high",
      AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
      HistoryItemType: "StateUpdate",
      ScanBy: "TimestampDescending",
      MaxRecords: 100,
    });
    const hoursBack = (before - StartDate.getTime()) / 3_600_000;
    ok(hoursBack >= 6 && hoursBack < 6.02, `start ${StartDate.toISOString()} is 6 hours back`);
    equal(StartDate.getTime() % 60_000, 0);
    deepEqual(out.items, [
      {
        time: "2025-01-02T03:04:05.000Z",
        type: "StateUpdate",
        summary: "Alarm updated from OK to ALARM",
        reason: "Threshold Crossed: 1 datapoint [93.1]",
      },
      {
        time: "2025-01-02T02:00:00.000Z",
        type: "ConfigurationUpdate",
        summary: 'Alarm "cpu-high" created',
      },
    ]);
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_alarm_history over all alarms names each row's alarm and pages", async () => {
  const aws = stubAws({
    cloudwatch: {
      describeAlarmHistory: (input: { NextToken?: string }) =>
        input.NextToken
          ? { AlarmHistoryItems: [items[1]] }
          : { AlarmHistoryItems: [items[0]], NextToken: "more" },
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const first = await callOk<{ items: { alarm?: string }[]; next_token?: string }>(
      client,
      "cloudwatch_get_alarm_history",
      { max_results: 1 },
    );
    deepEqual(first.items.map((i) => i.alarm), ["cpu-high"]);
    equal((aws.calls[0]?.input as { AlarmName?: string }).AlarmName, undefined);
    ok(first.next_token);
    const second = await callOk<{ items: { type?: string }[]; next_token?: string }>(
      client,
      "cloudwatch_get_alarm_history",
      { max_results: 1, next_token: first.next_token },
    );
    deepEqual(second.items.map((i) => i.type), ["ConfigurationUpdate"]);
    equal((aws.calls.at(-1)?.input as { NextToken?: string }).NextToken, "more");
  } finally {
    await close();
  }
});

Deno.test("cloudwatch_get_alarm_history refuses a window beyond 30 days, naming hours", async () => {
  const aws = stubAws({ cloudwatch: {} });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const bad = await call(client, "cloudwatch_get_alarm_history", { hours: 721 });
    match(text(bad), /^InvalidInput: hours: /);
    const badType = await call(client, "cloudwatch_get_alarm_history", { type: "Alarm" });
    match(text(badType), /^InvalidInput: type: /);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
