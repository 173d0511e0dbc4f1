import { deepEqual, equal, throws } from "node:assert/strict";
import {
  add,
  compare,
  decimal,
  div,
  formatCents,
  formatRate,
  mul,
  round,
  savingPercent,
  sub,
  sum,
  toFixed,
} from "./money.ts";

Deno.test("decimal parses price-list strings, numbers and exponents exactly", () => {
  deepEqual(decimal("0.0416000000"), { units: 416n, scale: 4 });
  deepEqual(decimal("12"), { units: 12n, scale: 0 });
  deepEqual(decimal(".5"), { units: 5n, scale: 1 });
  deepEqual(decimal("-1.50"), { units: -15n, scale: 1 });
  deepEqual(decimal("1e-7"), { units: 1n, scale: 7 });
  deepEqual(decimal("2.5E3"), { units: 2500n, scale: 0 });
  deepEqual(decimal(0.1), { units: 1n, scale: 1 });
  deepEqual(decimal(730), { units: 730n, scale: 0 });
  deepEqual(decimal(3n), { units: 3n, scale: 0 });
  for (const bad of ["", ".", "1.2.3", "abc", "1,000", "0x10"]) {
    throws(() => decimal(bad), RangeError, bad);
  }
  throws(() => decimal(Number.NaN), RangeError);
});

Deno.test("sums of prices do not drift the way floating point does", () => {
  equal(0.1 + 0.2 === 0.3, false);
  equal(toFixed(add(decimal("0.1"), decimal("0.2")), 10), "0.3000000000");
  // A month of 0.096/h in floating point: 70.08000000000001
  equal(0.096 * 24 * 365 / 12, 70.08000000000001);
  equal(formatRate(div(mul(decimal("0.0960000000"), 24 * 365), 12)), "70.08");
  equal(formatCents(mul(decimal("0.0104000000"), 730)), "7.59");
  equal(formatRate(mul(decimal("0.0104000000"), 730)), "7.592");
  const many = sum(Array.from({ length: 1000 }, () => decimal("0.0116000000")));
  equal(formatRate(many), "11.60");
  equal(formatCents(sub(decimal("1"), decimal("0.0001"))), "1.00");
});

Deno.test("rounding happens once, half away from zero, at the precision shown", () => {
  equal(toFixed(decimal("2.345"), 2), "2.35");
  equal(toFixed(decimal("2.344999"), 2), "2.34");
  equal(toFixed(decimal("-2.345"), 2), "-2.35");
  equal(toFixed(decimal("0.005"), 2), "0.01");
  equal(toFixed(decimal("7"), 2), "7.00");
  equal(toFixed(decimal("0.0416"), 0), "0");
  deepEqual(round(decimal("1.23456"), 3), { units: 1235n, scale: 3 });
  // Rounding each line then adding would give 0.02; rounding the sum once gives 0.01.
  const lines = [decimal("0.004"), decimal("0.004"), decimal("0.004")];
  equal(formatCents(sum(lines)), "0.01");
});

Deno.test("formatRate keeps the price list's sub-cent precision, trimmed to two places at least", () => {
  equal(formatRate(decimal("0.0416000000")), "0.0416");
  equal(formatRate(decimal("0.1000000000")), "0.10");
  equal(formatRate(decimal("1")), "1.00");
  equal(formatRate(decimal("0.1234567891")), "0.1234567891");
  equal(formatRate(decimal("0.00000000004")), "0.00");
  equal(formatRate(decimal("0.00000000005")), "0.0000000001");
});

Deno.test("div rounds at the requested scale; compare and savingPercent order prices", () => {
  equal(toFixed(div(decimal("1"), 3), 12), "0.333333333333");
  equal(toFixed(div(decimal("2"), 3, 4), 4), "0.6667");
  equal(toFixed(div(decimal("40.96"), 1024), 4), "0.0400");
  throws(() => div(decimal("1"), 0), RangeError);
  equal(compare(decimal("0.0416"), decimal("0.04160")), 0);
  equal(compare(decimal("0.0416"), decimal("0.1")), -1);
  equal(compare(decimal("2"), decimal("-3")), 1);
  equal(savingPercent(decimal("0.0125"), decimal("0.0416")), "70.0");
  equal(savingPercent(decimal("0.05"), decimal("0.0416")), "-20.2");
  equal(savingPercent(decimal("0.01"), decimal("0")), undefined);
});
