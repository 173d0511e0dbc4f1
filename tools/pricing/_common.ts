import { z } from "zod";
import { formatCents, formatRate, mul } from "../../aws/money.ts";
import {
  HOURS_PER_MONTH,
  type InstancePrice,
  LOOKUP_CONCURRENCY,
  type LookupContext,
  OPERATING_SYSTEMS,
  SQL_EDITIONS,
} from "../../aws/pricing.ts";
import { createLimiter } from "../../aws/limit.ts";
import type { ToolContext } from "../tool.ts";

/** An EC2 instance type such as `m7g.large`. */
export const instanceType = z.string().regex(/^[a-z][a-z0-9-]*\.[a-z0-9-]+$/, {
  error: "expected an instance type like m7g.large",
});

/** The operating system to price, default Linux. */
export const operatingSystem = z.enum(OPERATING_SYSTEMS).default("linux");

/** A pre-installed SQL Server edition, default none. */
export const sqlEdition = z.enum(SQL_EDITIONS).default("none").describe("SQL Server edition");

/**
 * Where one tool call's price lookups run: its AWS scope and cancellation, the shared cache, and
 * at most LOOKUP_CONCURRENCY Pricing API calls at once.
 */
export function lookupContext(ctx: ToolContext): LookupContext {
  return { aws: ctx.aws, signal: ctx.signal, limit: createLimiter(LOOKUP_CONCURRENCY) };
}

/** The instance columns every price row shows. */
export const priceColumns = {
  price_per_hour: z.string(),
  monthly: z.string().describe("730 h"),
  vcpu: z.number().optional(),
  memory_gib: z.number().optional(),
};

/** The shared price columns of an instance price: rate as published, 730-hour month in cents. */
export function priceRow(price: InstancePrice) {
  return {
    price_per_hour: formatRate(price.rate),
    monthly: formatCents(mul(price.rate, HOURS_PER_MONTH)),
    ...(price.vcpu !== undefined ? { vcpu: price.vcpu } : {}),
    ...(price.memoryGib !== undefined ? { memory_gib: price.memoryGib } : {}),
  };
}
