import { collectPages } from "../../aws/paging.ts";
import type { _InstanceType, EC2, SpotPrice } from "@aws-sdk/client-ec2";
import { ToolError } from "../../aws/errors.ts";
import { add, compare, type Decimal, decimal, div, mul, sum, ZERO } from "../../aws/money.ts";
import type { OperatingSystem } from "../../aws/pricing.ts";

/** DescribeSpotPriceHistory product descriptions per operating system (classic and VPC names). */
export const SPOT_PRODUCTS: Partial<Record<OperatingSystem, readonly string[]>> = {
  linux: ["Linux/UNIX", "Linux/UNIX (Amazon VPC)"],
  windows: ["Windows", "Windows (Amazon VPC)"],
  suse: ["SUSE Linux", "SUSE Linux (Amazon VPC)"],
  rhel: ["Red Hat Enterprise Linux", "Red Hat Enterprise Linux (Amazon VPC)"],
};

/** The spot prices of one type in one zone over a window. */
export interface ZoneSpot {
  instanceType: string;
  zone: string;
  latest: Decimal;
  latestAt: string;
  min: Decimal;
  max: Decimal;
  /** Time-weighted over the window: each price counts for as long as it was in effect. */
  average: Decimal;
  /** Price changes seen, including the one in effect when the window opened. */
  points: number;
}

/** What to read: types, operating system, window and optionally one zone. */
export interface SpotQuery {
  types: readonly string[];
  os: OperatingSystem;
  start: Date;
  end: Date;
  zone?: string | undefined;
}

/** The product descriptions for `os`, or an input error naming the ones spot covers. */
export function spotProducts(os: OperatingSystem): readonly string[] {
  const products = SPOT_PRODUCTS[os];
  if (!products) {
    throw new ToolError(
      "InvalidInput",
      `operating_system: spot price history has no ${os} prices`,
      `use one of ${Object.keys(SPOT_PRODUCTS).join(", ")}`,
    );
  }
  return products;
}

/** Summarises one zone's history: latest, min/max and the time-weighted average over the window. */
export function summarise(
  history: readonly SpotPrice[],
  start: Date,
  end: Date,
): ZoneSpot | undefined {
  const points = history
    .filter((p) => p.SpotPrice && p.Timestamp)
    .map((p) => ({ at: (p.Timestamp as Date).getTime(), price: decimal(p.SpotPrice as string) }))
    .sort((a, b) => a.at - b.at);
  const last = points.at(-1);
  const first = history[0];
  if (!last || !first) return undefined;
  const from = start.getTime();
  const to = end.getTime();
  // A price holds until the next change; the one in effect at `start` counts from `start`.
  let weighted = ZERO;
  let weight = 0;
  const inWindow: Decimal[] = [];
  points.forEach((p, i) => {
    const begin = Math.max(p.at, from);
    const finish = Math.min(points[i + 1]?.at ?? to, to);
    if (finish <= begin) return;
    weighted = add(weighted, mul(p.price, finish - begin));
    weight += finish - begin;
    inWindow.push(p.price);
  });
  const prices = inWindow.length ? inWindow : [last.price];
  const sorted = [...prices].sort(compare);
  return {
    instanceType: first.InstanceType ?? "",
    zone: first.AvailabilityZone ?? "",
    latest: last.price,
    latestAt: new Date(last.at).toISOString(),
    min: sorted[0] as Decimal,
    max: sorted.at(-1) as Decimal,
    average: weight > 0 ? div(weighted, weight, 10) : div(sum(prices), prices.length, 10),
    points: prices.length,
  };
}

/**
 * Spot price history of the types, grouped per (type, zone), at most `maxPages` AWS pages of 1000;
 * `truncated` says the window held more.
 */
export async function spotHistory(
  ec2: EC2,
  q: SpotQuery,
  maxPages = 5,
): Promise<{ zones: ZoneSpot[]; truncated: boolean }> {
  const products = spotProducts(q.os);
  const accepted = new Set(products);
  const byZone = new Map<string, SpotPrice[]>();
  const { items, complete } = await collectPages(async (token) => {
    const out = await ec2.describeSpotPriceHistory({
      InstanceTypes: [...q.types] as _InstanceType[],
      ProductDescriptions: [...products],
      StartTime: q.start,
      EndTime: q.end,
      ...(q.zone ? { AvailabilityZone: q.zone } : {}),
      MaxResults: 1000,
      ...(token ? { NextToken: token } : {}),
    });
    return { items: out.SpotPriceHistory ?? [], nextToken: out.NextToken || undefined };
  }, maxPages);
  for (const p of items) {
    if (p.ProductDescription && !accepted.has(p.ProductDescription)) continue;
    if (q.zone && p.AvailabilityZone !== q.zone) continue;
    const key = `${p.InstanceType}|${p.AvailabilityZone}`;
    const list = byZone.get(key) ?? [];
    list.push(p);
    byZone.set(key, list);
  }
  const zones = [...byZone.values()]
    .map((h) => summarise(h, q.start, q.end))
    .filter((z): z is ZoneSpot => z !== undefined)
    .sort((a, b) =>
      a.instanceType === b.instanceType
        ? compare(a.average, b.average) || (a.zone < b.zone ? -1 : 1)
        : a.instanceType < b.instanceType
        ? -1
        : 1
    );
  return { zones, truncated: !complete };
}

/** The mean of the zones' averages: what a spot instance of the type costs, zone unknown. */
export function meanOfZones(zones: readonly ZoneSpot[]): Decimal | undefined {
  if (!zones.length) return undefined;
  return div(sum(zones.map((z) => z.average)), zones.length, 10);
}
