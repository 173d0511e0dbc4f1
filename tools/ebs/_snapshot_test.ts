import { equal } from "node:assert/strict";
import { formatDuration, percent, shortTime } from "./_snapshot.ts";

Deno.test("percent reads AWS's Progress strings and nothing else", () => {
  equal(percent("45%"), 45);
  equal(percent("100%"), 100);
  equal(percent("7"), 7);
  equal(percent(""), undefined);
  equal(percent(undefined), undefined);
  equal(percent("soon"), undefined);
});

Deno.test("formatDuration reads like a person would say it", () => {
  equal(formatDuration(0), "0s");
  equal(formatDuration(45_400), "45s");
  equal(formatDuration(185_000), "3m 05s");
  equal(formatDuration(7_380_000), "2h 03m");
  equal(formatDuration(-5), "0s");
});

Deno.test("shortTime gives minutes in UTC, or nothing without a date", () => {
  equal(shortTime(new Date("2026-01-02T03:04:05.678Z")), "2026-01-02 03:04 UTC");
  equal(shortTime(undefined), undefined);
});
