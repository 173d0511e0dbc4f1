import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compare } from "../../aws/money.ts";
import { instancePrice, LOOKUP_CONCURRENCY } from "../../aws/pricing.ts";
import { mapLimit } from "../../aws/limit.ts";
import { priceRegionSchema } from "../../schemas/region.ts";
import { defineTool } from "../tool.ts";
import { instanceType, lookupContext, operatingSystem, priceColumns, priceRow } from "./_common.ts";

const MAX_PAIRS = 60;

/** `ec2_compare_instance_prices`: on-demand prices of several types and/or regions, cheapest first. */
export const compareInstancePrices = defineTool({
  name: "ec2_compare_instance_prices",
  toolset: "pricing",
  title: "Compare EC2 instance prices",
  description:
    "Compare on-demand prices of instance types across regions as a table sorted cheapest first, with vCPU and memory; min_vcpu/min_memory_gib keep only candidates that fit. Lists the pairs it could not price.",
  access: "read",
  idempotent: true,
  regional: false,
  publicData: true,
  iam: ["pricing:GetProducts"],
  input: z.object({
    instance_types: z.array(instanceType).min(1).max(30),
    regions: z.array(priceRegionSchema).min(1).max(10).optional().describe("Default: region"),
    operating_system: operatingSystem,
    min_vcpu: z.int().min(1).optional(),
    min_memory_gib: z.number().positive().optional(),
  }),
  output: z.object({
    prices: z.array(z.object({
      instance_type: z.string(),
      region: z.string(),
      ...priceColumns,
    })),
    currency: z.string().optional(),
    filtered_out: z.number(),
    unpriced: z.array(z.object({
      instance_type: z.string(),
      region: z.string(),
      reason: z.string(),
    })).optional(),
  }),
  async handler(args, ctx) {
    const types = [...new Set(args.instance_types)];
    const regions = [...new Set(args.regions ?? [ctx.region])];
    const pairs = regions.flatMap((region) => types.map((type) => ({ region, type })));
    if (pairs.length > MAX_PAIRS) {
      throw new ToolError(
        "InvalidInput",
        `instance_types × regions: ${pairs.length} pairs, at most ${MAX_PAIRS}`,
        "narrow the types or the regions",
      );
    }
    const lookups = lookupContext(ctx);
    const found = await mapLimit(
      pairs,
      LOOKUP_CONCURRENCY,
      ({ region, type }) =>
        instancePrice(lookups, { instanceType: type, region, os: args.operating_system }),
    );
    const priced = found.flatMap((f) => (f.ok ? [f.value] : []));
    const fits = priced.filter((p) =>
      (args.min_vcpu === undefined || (p.vcpu ?? 0) >= args.min_vcpu) &&
      (args.min_memory_gib === undefined || (p.memoryGib ?? 0) >= args.min_memory_gib)
    );
    fits.sort((a, b) =>
      compare(a.rate, b.rate) || a.instanceType.localeCompare(b.instanceType) ||
      a.region.localeCompare(b.region)
    );
    const unpriced = found.flatMap((f, i) =>
      f.ok ? [] : [{
        instance_type: pairs[i]?.type ?? "",
        region: pairs[i]?.region ?? "",
        reason: `${f.error.code}: ${f.error.message}`,
      }]
    );
    return {
      prices: fits.map((p) => ({
        instance_type: p.instanceType,
        region: p.region,
        ...priceRow(p),
      })),
      ...(priced[0] ? { currency: priced[0].currency } : {}),
      filtered_out: priced.length - fits.length,
      ...(unpriced.length ? { unpriced } : {}),
    };
  },
});
