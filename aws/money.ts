/**
 * Exact decimal money: price-list strings such as "0.0416000000" become BigInt-scaled
 * decimals, sums and products stay exact, and rounding happens once, when a value is shown.
 */

/** An exact decimal number: `units × 10^-scale`. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** Zero, at scale 0. */
export const ZERO: Decimal = { units: 0n, scale: 0 };

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

const POWERS: bigint[] = [];
function pow10(n: number): bigint {
  return (POWERS[n] ??= 10n ** BigInt(n));
}

function normalize(units: bigint, scale: number): Decimal {
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return { units, scale };
}

/** Parses a decimal string ("0.0416000000", "1e-7"), an integer, a finite number or a bigint. */
export function decimal(value: string | number | bigint | Decimal): Decimal {
  if (typeof value === "bigint") return { units: value, scale: 0 };
  if (typeof value === "object") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
    if (Number.isInteger(value)) return { units: BigInt(value), scale: 0 };
    value = String(value); // the shortest round-trip text, e.g. 0.1 -> "0.1"
  }
  const match = DECIMAL_TEXT.exec(value.trim());
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = match ?? [];
  if (!match || whole.length + fraction.length === 0) {
    throw new RangeError(`not a decimal number: ${JSON.stringify(value)}`);
  }
  let units = BigInt(`${whole}${fraction}` || "0");
  let scale = fraction.length - Number(exponent);
  if (scale < 0) {
    units *= pow10(-scale);
    scale = 0;
  }
  return normalize(sign === "-" ? -units : units, scale);
}

function aligned(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

/** `a + b`, exact. */
export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return normalize(x + y, scale);
}

/** `a - b`, exact. */
export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = aligned(a, b);
  return normalize(x - y, scale);
}

/** `a × b`, exact. */
export function mul(a: Decimal, b: Decimal | number | string | bigint): Decimal {
  const d = decimal(b);
  return normalize(a.units * d.units, a.scale + d.scale);
}

/** The exact sum of the values (zero for none). */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = add(total, value);
  return total;
}

function divRound(n: bigint, d: bigint): bigint {
  // Half away from zero, the commercial rounding of money.
  const negative = (n < 0n) !== (d < 0n);
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

/**
 * `a ÷ b` rounded half away from zero to `scale` places: the one inexact operation (averages,
 * unit conversions), kept far below the precision anything is shown at.
 */
export function div(a: Decimal, b: Decimal | number | string | bigint, scale = 12): Decimal {
  const d = decimal(b);
  if (d.units === 0n) throw new RangeError("division by zero");
  // a/b = (a.units / 10^a.scale) / (d.units / 10^d.scale); scaled by 10^scale.
  const exponent = scale - a.scale + d.scale;
  const n = exponent >= 0 ? a.units * pow10(exponent) : a.units;
  const den = exponent >= 0 ? d.units : d.units * pow10(-exponent);
  return normalize(divRound(n, den), scale);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `a` rounded half away from zero to `places` decimal places. */
export function round(a: Decimal, places: number): Decimal {
  if (a.scale <= places) return a;
  return normalize(divRound(a.units, pow10(a.scale - places)), places);
}

/** `a` rounded to exactly `places` decimal places, as text ("30.37", "0.0416000000"). */
export function toFixed(a: Decimal, places: number): string {
  const r = round(a, places);
  const units = r.units * pow10(places - r.scale);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, "0");
  const whole = digits.slice(0, digits.length - places);
  const fraction = places ? `.${digits.slice(digits.length - places)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Decimal places of the price list: hourly rates are shown at this precision, no coarser. */
export const RATE_PLACES = 10;

/**
 * A rate (per hour, per GB-month) at the price list's precision, trailing zeros trimmed to at
 * least two places: "0.0416", "0.10", "2.496".
 */
export function formatRate(a: Decimal): string {
  return toFixed(a, RATE_PLACES).replace(/(\.\d\d\d*?)0+$/, "$1");
}

/** A total rounded to cents: "30.37". */
export function formatCents(a: Decimal): string {
  return toFixed(a, 2);
}

/** Percent saved by `price` against `reference`, to one decimal ("72.5"); undefined without a reference. */
export function savingPercent(price: Decimal, reference: Decimal): string | undefined {
  if (reference.units <= 0n) return undefined;
  return toFixed(div(mul(sub(reference, price), 100), reference, 6), 1);
}
