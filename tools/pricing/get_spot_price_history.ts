import { z } from "zod";
import { formatRate, savingPercent } from "../../aws/money.ts";
import { instancePrice, LOOKUP_CONCURRENCY } from "../../aws/pricing.ts";
import { mapLimit } from "../../aws/limit.ts";
import { compact, fitBytes } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { instanceType, lookupContext } from "./_common.ts";
import { spotHistory } from "./_spot.ts";

const zoneRow = z.object({
  instance_type: z.string(),
  zone: z.string(),
  latest: z.string(),
  latest_at: z.string(),
  min: z.string(),
  max: z.string(),
  average: z.string(),
  points: z.number(),
  saving_pct: z.string().optional(),
});

/** `ec2_get_spot_price_history`: per zone, latest/min/max/average spot price and the saving. */
export const getSpotPriceHistory = defineTool({
  name: "ec2_get_spot_price_history",
  toolset: "pricing",
  title: "Get EC2 spot price history",
  description:
    "Spot prices per availability zone for instance types over the last hours: latest, min, max, time-weighted average, and % saved against on-demand when known. Cheapest zone first per type.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSpotPriceHistory", "pricing:GetProducts"],
  input: z.object({
    instance_types: z.array(instanceType).min(1).max(10),
    operating_system: z.enum(["linux", "windows", "suse", "rhel"]).default("linux"),
    hours: z.int().min(1).max(2160).default(24).describe("Window, up to 90 days"),
    zone: z.string().min(1).optional(),
  }),
  output: z.object({
    zones: z.array(zoneRow),
    on_demand: z.array(z.object({ instance_type: z.string(), price_per_hour: z.string() })),
    window_start: z.string(),
    window_end: z.string(),
    omitted: z.number().optional(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const types = [...new Set(args.instance_types)];
    const end = new Date();
    const start = new Date(end.getTime() - args.hours * 3_600_000);
    const ec2 = await ctx.aws.client("ec2");
    const lookups = lookupContext(ctx);
    // The history and the on-demand prices it is compared with are fetched side by side.
    const [history, onDemand] = await Promise.all([
      spotHistory(ec2, { types, os: args.operating_system, start, end, zone: args.zone }),
      mapLimit(types, LOOKUP_CONCURRENCY, async (type) => {
        try {
          const found = await instancePrice(lookups, {
            instanceType: type,
            region: ctx.region,
            os: args.operating_system,
          });
          return found.ok ? found.value : `${type}: ${found.error.code}`;
        } catch (err) {
          // The saving is a bonus: without Pricing access the history still answers.
          return `${type}: ${(err as Error).name}`;
        }
      }),
    ]);
    const prices = onDemand.filter((p) => typeof p !== "string");
    const unknown = onDemand.filter((p) => typeof p === "string");
    const reference = new Map(prices.map((p) => [p.instanceType, p.rate] as const));
    const rows = history.zones.map((z) => {
      const od = reference.get(z.instanceType);
      return compact({
        instance_type: z.instanceType,
        zone: z.zone,
        latest: formatRate(z.latest),
        latest_at: z.latestAt,
        min: formatRate(z.min),
        max: formatRate(z.max),
        average: formatRate(z.average),
        points: z.points,
        saving_pct: od ? savingPercent(z.average, od) : undefined,
      });
    });
    const { items, omitted } = fitBytes(rows, 30_000);
    const missing = types.filter((t) => !history.zones.some((z) => z.instanceType === t));
    const notes = [
      ...(missing.length ? [`no spot prices for ${missing.join(", ")} in this window`] : []),
      ...(unknown.length ? [`on-demand price unknown (${unknown.join(", ")})`] : []),
      ...(history.truncated ? ["history truncated at 5000 price changes: shorten hours"] : []),
    ];
    return {
      zones: items,
      on_demand: prices.map((p) => ({
        instance_type: p.instanceType,
        price_per_hour: formatRate(p.rate),
      })),
      window_start: start.toISOString(),
      window_end: end.toISOString(),
      ...(omitted ? { omitted } : {}),
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});
