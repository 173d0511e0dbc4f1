import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import {
  add,
  type Decimal,
  decimal,
  formatCents,
  formatRate,
  mul,
  savingPercent,
  sum,
} from "../../aws/money.ts";
import {
  ebsRate,
  HOURS_PER_MONTH,
  instancePrice,
  LOOKUP_CONCURRENCY,
  type LookupContext,
  unwrap,
  VOLUME_TYPES,
  type VolumeType,
} from "../../aws/pricing.ts";
import { mapLimit } from "../../aws/limit.ts";
import { defineTool } from "../tool.ts";
import { instanceType, lookupContext, operatingSystem } from "./_common.ts";
import { meanOfZones, SPOT_PRODUCTS, spotHistory } from "./_spot.ts";

const SPOT_WINDOW_HOURS = 7 * 24;
const GP3_FREE_IOPS = 3000;
const GP3_FREE_THROUGHPUT = 125;
const IO2_TIERS = [["io2", 32_000], ["io2_tier2", 64_000], ["io2_tier3", Infinity]] as const;

/** One volume per instance. */
export interface EbsInput {
  volume_type: VolumeType;
  size_gib: number;
  iops?: number | undefined;
  throughput_mibps?: number | undefined;
}

const ebsLine = z.object({
  item: z.string(),
  quantity: z.number(),
  unit: z.string(),
  rate: z.string(),
  monthly: z.string(),
});

interface Line {
  item: string;
  quantity: number;
  unit: string;
  rate: Decimal;
  amount: Decimal;
}

type Part = [
  item: string,
  kind: "storage" | "iops" | "throughput",
  usage: string,
  perVolume: number,
];

const IOPS_RANGE: Partial<Record<VolumeType, [number, number]>> = {
  gp3: [3000, 80_000],
  io1: [100, 64_000],
  io2: [100, 256_000],
};

/** What one volume spec is billed for, per volume and month; refuses specs EBS cannot provision. */
function ebsParts(ebs: EbsInput): Part[] {
  const type: VolumeType = ebs.volume_type;
  const range = IOPS_RANGE[type];
  if (ebs.iops !== undefined && !range) {
    throw new ToolError(
      "InvalidInput",
      `ebs: ${type} has no provisioned IOPS`,
      "use gp3, io1 or io2",
    );
  }
  if (range && ebs.iops !== undefined && (ebs.iops < range[0] || ebs.iops > range[1])) {
    throw new ToolError("InvalidInput", `ebs: ${type} takes ${range[0]} to ${range[1]} IOPS`);
  }
  if ((type === "io1" || type === "io2") && ebs.iops === undefined) {
    throw new ToolError(
      "InvalidInput",
      `ebs: ${type} needs its IOPS`,
      `e.g. ${type}:100:3000`,
    );
  }
  const mibps = ebs.throughput_mibps;
  if (mibps !== undefined && (type !== "gp3" || mibps < 125 || mibps > 2000)) {
    throw new ToolError(
      "InvalidInput",
      "ebs: only gp3 takes a throughput, 125 to 2000 MiB/s",
    );
  }

  const parts: Part[] = [["storage", "storage", type, ebs.size_gib]];
  const iops = ebs.iops ?? 0;
  if (type === "gp3" && iops > GP3_FREE_IOPS) {
    parts.push(["IOPS above 3000", "iops", "gp3", iops - GP3_FREE_IOPS]);
  }
  if (type === "io1") parts.push(["IOPS", "iops", "io1", iops]);
  if (type === "io2") {
    // io2 IOPS are tiered per volume: up to 32,000, 32,001 to 64,000, above 64,000.
    let floor = 0;
    for (const [usage, ceiling] of IO2_TIERS) {
      const inTier = Math.max(0, Math.min(iops, ceiling) - floor);
      const label = ceiling === Infinity ? `IOPS above ${floor}` : `IOPS ${floor + 1}-${ceiling}`;
      if (inTier > 0) parts.push([label, "iops", usage, inTier]);
      floor = ceiling;
    }
  }
  const throughput = ebs.throughput_mibps ?? GP3_FREE_THROUGHPUT;
  if (type === "gp3" && throughput > GP3_FREE_THROUGHPUT) {
    parts.push([
      "throughput above 125 MiB/s",
      "throughput",
      "gp3",
      throughput - GP3_FREE_THROUGHPUT,
    ]);
  }
  return parts;
}

const EBS_SPEC = new RegExp(`^(${VOLUME_TYPES.join("|")}):(\\d+)(?::(\\d*))?(?::(\\d+))?$`);

/** Reads `type:GiB[:iops[:MiBps]]` ("gp3:100", "io2:500:20000", "gp3:100::250"). */
export function parseEbsSpec(spec: string): EbsInput {
  const [, type, gib, iops, mibps] = EBS_SPEC.exec(spec) ?? [];
  if (!type || !gib) {
    throw new ToolError(
      "InvalidInput",
      `ebs: ${JSON.stringify(spec)} is not type:GiB[:iops[:MiBps]]`,
    );
  }
  if (Number(gib) < 1) throw new ToolError("InvalidInput", "ebs: the size must be at least 1 GiB");
  return {
    volume_type: type as VolumeType,
    size_gib: Number(gib),
    ...(iops ? { iops: Number(iops) } : {}),
    ...(mibps ? { throughput_mibps: Number(mibps) } : {}),
  };
}

/** Prices the parts of `count` volumes for a month, lookups side by side. */
function ebsLines(
  ctx: LookupContext,
  type: VolumeType,
  parts: readonly Part[],
  count: number,
  region: string,
): Promise<Line[]> {
  return mapLimit(parts, LOOKUP_CONCURRENCY, async ([item, kind, usage, perVolume]) => {
    const rate = unwrap(await ebsRate(ctx, kind, type, usage, region));
    const quantity = perVolume * count;
    return {
      item: `${type} ${item}`,
      quantity,
      unit: rate.unit,
      rate: rate.rate,
      amount: mul(rate.rate, quantity),
    };
  });
}

/** `ec2_estimate_instance_cost`: hourly and monthly cost of N instances, on-demand and spot, plus EBS. */
export const estimateInstanceCost = defineTool({
  name: "ec2_estimate_instance_cost",
  toolset: "pricing",
  title: "Estimate EC2 instance cost",
  description:
    "Hourly and monthly list-price cost of count instances running hours a month: on-demand, spot 7-day average if spot, an EBS volume each if ebs.",
  access: "read",
  idempotent: true,
  iam: ["pricing:GetProducts", "ec2:DescribeSpotPriceHistory"],
  input: z.object({
    instance_type: instanceType,
    count: z.int().min(1).default(1),
    hours: z.number().positive().max(744).default(HOURS_PER_MONTH).describe("Per month"),
    operating_system: operatingSystem,
    spot: z.boolean().default(false),
    // One compact string: a nested object or four ebs_* fields cost the model twice the tokens.
    ebs: z.string().regex(EBS_SPEC, { error: "expected type:GiB[:iops[:MiBps]] such as gp3:100" })
      .optional().describe("Per instance: type:GiB[:iops[:MiBps]], e.g. gp3:100"),
  }),
  output: z.object({
    instance_type: z.string(),
    count: z.number(),
    hours: z.number(),
    currency: z.string(),
    on_demand: z.object({ price_per_hour: z.string(), hourly: z.string(), monthly: z.string() }),
    spot: z.object({
      average_price_per_hour: z.string(),
      hourly: z.string(),
      monthly: z.string(),
      saving_pct: z.string().optional(),
      zones: z.number(),
    }).optional(),
    ebs: z.object({ monthly: z.string(), lines: z.array(ebsLine) }).optional(),
    monthly_total: z.string(),
    monthly_total_spot: z.string().optional(),
    sku: z.string(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const lookups = lookupContext(ctx);
    const ebs = args.ebs ? parseEbsSpec(args.ebs) : undefined;
    const parts = ebs ? ebsParts(ebs) : undefined; // bad specs fail before any call
    const hours = decimal(args.hours);
    const spotProducts = SPOT_PRODUCTS[args.operating_system];
    const spotAsked = args.spot && spotProducts !== undefined;
    const end = new Date();
    const start = new Date(end.getTime() - SPOT_WINDOW_HOURS * 3_600_000);
    // On-demand, EBS and spot are independent lookups: run them side by side.
    const [price, lines, spot] = await Promise.all([
      instancePrice(lookups, {
        instanceType: args.instance_type,
        region: ctx.region,
        os: args.operating_system,
      }).then(unwrap),
      ebs && parts
        ? ebsLines(lookups, ebs.volume_type, parts, args.count, ctx.region)
        : Promise.resolve(undefined),
      spotAsked
        ? ctx.aws.client("ec2").then((ec2) =>
          spotHistory(ec2, { types: [args.instance_type], os: args.operating_system, start, end })
        )
        : Promise.resolve(undefined),
    ]);
    const hourly = mul(price.rate, args.count);
    const monthly = mul(hourly, hours);
    const ebsMonthly = lines ? sum(lines.map((l) => l.amount)) : undefined;
    const spotAverage = spot ? meanOfZones(spot.zones) : undefined;
    const spotHourly = spotAverage ? mul(spotAverage, args.count) : undefined;
    const spotMonthly = spotHourly ? mul(spotHourly, hours) : undefined;
    const saving = spotAverage ? savingPercent(spotAverage, price.rate) : undefined;
    const notes = [
      ...(args.spot && !spotAsked ? [`no spot prices for ${args.operating_system}`] : []),
      ...(spot && !spotAverage ? ["no spot price history for this type in the last 7 days"] : []),
      ...(lines ? ["EBS is billed for the whole month, also while instances are stopped"] : []),
    ];
    const total = (compute: Decimal) =>
      formatCents(ebsMonthly ? add(compute, ebsMonthly) : compute);
    return {
      instance_type: args.instance_type,
      count: args.count,
      hours: args.hours,
      currency: price.currency,
      on_demand: {
        price_per_hour: formatRate(price.rate),
        hourly: formatRate(hourly),
        monthly: formatCents(monthly),
      },
      ...(spotAverage && spotHourly && spotMonthly && spot
        ? {
          spot: {
            average_price_per_hour: formatRate(spotAverage),
            hourly: formatRate(spotHourly),
            monthly: formatCents(spotMonthly),
            ...(saving ? { saving_pct: saving } : {}),
            zones: spot.zones.length,
          },
        }
        : {}),
      ...(lines && ebsMonthly
        ? {
          ebs: {
            monthly: formatCents(ebsMonthly),
            lines: lines.map((l) => ({
              item: l.item,
              quantity: l.quantity,
              unit: l.unit,
              rate: formatRate(l.rate),
              monthly: formatCents(l.amount),
            })),
          },
        }
        : {}),
      monthly_total: total(monthly),
      ...(spotMonthly ? { monthly_total_spot: total(spotMonthly) } : {}),
      sku: price.sku,
      ...(notes.length ? { note: notes.join("; ") } : {}),
    };
  },
});
