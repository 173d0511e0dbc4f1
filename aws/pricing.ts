/**
 * Price lookups against the AWS Price List Query API (GetProducts), cached: precise filters so
 * that exactly one product matches, parsing of the published product documents, and exact
 * decimal prices.
 */
import type { Pricing } from "@aws-sdk/client-pricing";
import type { AwsScope } from "./clients.ts";
import { ToolError } from "./errors.ts";
import { type Decimal, decimal, div } from "./money.ts";
import { type PriceCache, priceCache } from "./price_cache.ts";
import { type Limiter } from "./limit.ts";

/** Operating systems the price list prices EC2 instances for, by our snake_case name. */
export const OPERATING_SYSTEMS = [
  "linux",
  "windows",
  "rhel",
  "suse",
  "ubuntu_pro",
  "rhel_ha",
] as const;
/** An operating system the price list prices EC2 instances for. */
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];

/** SQL Server editions pre-installed on a license-included image. */
export const SQL_EDITIONS = ["none", "web", "standard", "enterprise"] as const;
/** A SQL Server edition, or none. */
export type SqlEdition = (typeof SQL_EDITIONS)[number];

/** The price list's `operatingSystem` value for each operating system. */
export const PRICE_LIST_OS: Readonly<Record<OperatingSystem, string>> = {
  linux: "Linux",
  windows: "Windows",
  rhel: "RHEL",
  suse: "SUSE",
  ubuntu_pro: "Ubuntu Pro",
  rhel_ha: "Red Hat Enterprise Linux with HA",
};

/** The price list's `preInstalledSw` value for each SQL edition. */
export const PRE_INSTALLED_SW: Readonly<Record<SqlEdition, string>> = {
  none: "NA",
  web: "SQL Web",
  standard: "SQL Std",
  enterprise: "SQL Ent",
};

/** Hours in the month AWS bills by (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;

/** Lookups one tool call runs at once: the Pricing API throttles bursts. */
export const LOOKUP_CONCURRENCY = 4;

/** One GetProducts filter. */
export interface PriceFilter {
  Type: "TERM_MATCH";
  Field: string;
  Value: string;
}

/** A TERM_MATCH filter. */
export function term(field: string, value: string): PriceFilter {
  return { Type: "TERM_MATCH", Field: field, Value: value };
}

/** One product of the price list with its on-demand price, as cached. */
export interface PriceItem {
  sku: string;
  family: string;
  attributes: Record<string, string>;
  /** Price per unit, the decimal string exactly as published ("0.0416000000"). */
  price: string;
  unit: string;
  currency: string;
  effective_date?: string;
  description?: string;
}

/** The Pricing API endpoint region for a region: China's price list lives in cn-northwest-1. */
export function pricingRegion(region: string): string {
  return region.startsWith("cn-") ? "cn-northwest-1" : "us-east-1";
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === "object" && !Array.isArray(value) ? value as Json : undefined;
}

function firstValue(value: unknown): Json | undefined {
  const o = object(value);
  if (!o) return undefined;
  for (const v of Object.values(o)) return object(v);
  return undefined;
}

/**
 * Parses one PriceList entry, a JSON *string* of a product document (the SDK may hand it over as
 * a string object), into a product with its on-demand price; undefined when it has none.
 */
export function parsePriceDocument(entry: unknown): PriceItem | undefined {
  let doc: Json | undefined;
  try {
    doc = typeof entry === "string" || entry instanceof String
      ? object(JSON.parse(String(entry)))
      : object(entry);
  } catch {
    return undefined;
  }
  const product = object(doc?.product);
  const attributes = object(product?.attributes) ?? {};
  const offer = firstValue(object(doc?.terms)?.OnDemand);
  const dimensions = Object.values(object(offer?.priceDimensions) ?? {}).map(object);
  // Tiered dimensions start at "0"; the first tier is the hourly rate of an instance.
  const dimension = dimensions.find((d) => d?.beginRange === "0" || d?.beginRange === undefined) ??
    dimensions[0];
  const perUnit = object(dimension?.pricePerUnit) ?? {};
  const currency = "USD" in perUnit ? "USD" : Object.keys(perUnit)[0];
  const price = currency ? perUnit[currency] : undefined;
  if (!product || typeof price !== "string" || !currency) return undefined;
  try {
    decimal(price);
  } catch {
    return undefined;
  }
  const text = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const effective = text(offer?.effectiveDate);
  const description = text(dimension?.description);
  return {
    sku: text(product.sku) ?? "",
    family: text(product.productFamily) ?? "",
    attributes: Object.fromEntries(
      Object.entries(attributes).filter(([, v]) => typeof v === "string"),
    ) as Record<string, string>,
    price,
    unit: text(dimension?.unit) ?? "",
    currency,
    ...(effective ? { effective_date: effective } : {}),
    ...(description ? { description } : {}),
  };
}

/** What one GetProducts query found: up to a few products and how many matched in all. */
export interface PriceMatches {
  items: PriceItem[];
  total: number;
}

const KEEP_ITEMS = 10;

const DECIMAL = /^\d{1,12}(\.\d{1,12})?$/;
const isText = (v: unknown) => typeof v === "string";

/** Whether a cached value has the shape findProducts stores; anything else is refetched. */
export function isPriceMatches(value: unknown): value is PriceMatches {
  const v = value as Partial<PriceMatches> | null;
  if (!v || typeof v !== "object" || !Array.isArray(v.items)) return false;
  if (typeof v.total !== "number" || !Number.isInteger(v.total) || v.total < v.items.length) {
    return false;
  }
  return v.items.length <= KEEP_ITEMS &&
    v.items.every((item) =>
      !!item && typeof item === "object" && isText(item.sku) && isText(item.family) &&
      isText(item.unit) && isText(item.currency) && isText(item.price) &&
      DECIMAL.test(item.price) &&
      (item.effective_date === undefined || isText(item.effective_date)) &&
      !!item.attributes && typeof item.attributes === "object" &&
      Object.values(item.attributes).every(isText)
    );
}

/** The endpoint override the SDK takes from the environment, if any. */
function envEndpoint(): string | undefined {
  try {
    return Deno.env.get("AWS_ENDPOINT_URL_PRICING") || Deno.env.get("AWS_ENDPOINT_URL") ||
      undefined;
  } catch {
    return undefined;
  }
}
const MAX_PAGES = 5;

/** Where a lookup runs: the caller's AWS scope, its cancellation, and the cache to use. */
export interface LookupContext {
  aws: AwsScope;
  signal?: AbortSignal;
  cache?: PriceCache;
  /** Bounds the Pricing API calls of one tool call, however its lookups are combined. */
  limit?: Limiter;
}

/** How far a query reads: the page size, and the match count after which it stops paging. */
export interface QueryBounds {
  /** GetProducts MaxResults, 1 to 100 (default 100). */
  maxResults?: number;
  /** Stop paging once this many products matched (default: read up to 5 pages). */
  enough?: number;
}

/**
 * The products matching `filters` in `serviceCode`, cached by query. Asked of the Pricing API
 * endpoint for `region` (us-east-1 for every commercial region), whatever region the call is for.
 */
export function findProducts(
  ctx: LookupContext,
  serviceCode: string,
  filters: readonly PriceFilter[],
  region: string,
  bounds: QueryBounds = {},
): Promise<PriceMatches> {
  const endpoint = pricingRegion(region);
  const maxResults = bounds.maxResults ?? 100;
  const enough = bounds.enough ?? Infinity;
  const key = JSON.stringify({
    api: "GetProducts",
    // Prices from an emulator must never be served to a session against the real API.
    url: ctx.aws.endpoint ?? envEndpoint() ?? "aws",
    endpoint,
    serviceCode,
    filters: [...filters].sort((a, b) => a.Field < b.Field ? -1 : a.Field > b.Field ? 1 : 0),
    maxResults,
    enough: Number.isFinite(enough) ? enough : "all",
  });
  const cache = ctx.cache ?? priceCache();
  const limit = ctx.limit ?? ((task) => task());
  return cache.getOrLoad(
    key,
    () =>
      limit(async () => {
        const pricing: Pricing = await ctx.aws.client("pricing", endpoint);
        const items: PriceItem[] = [];
        let total = 0;
        let token: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const out = await pricing.getProducts({
            ServiceCode: serviceCode,
            Filters: filters.map((f) => ({ ...f })),
            FormatVersion: "aws_v1",
            MaxResults: maxResults,
            ...(token ? { NextToken: token } : {}),
          });
          for (const entry of (out.PriceList ?? []) as unknown[]) {
            const item = parsePriceDocument(entry);
            if (!item) continue;
            total++;
            if (items.length < KEEP_ITEMS) items.push(item);
          }
          token = out.NextToken || undefined;
          if (!token || total >= enough) break;
        }
        return { items, total };
      }),
    ctx.signal,
    isPriceMatches,
  );
}

/** What a lookup found: the one matching product, or an error saying why there is not one. */
export type Lookup<T> = { ok: true; value: T } | { ok: false; error: ToolError };

/** The value of a lookup, or its error thrown. */
export function unwrap<T>(lookup: Lookup<T>): T {
  if (!lookup.ok) throw lookup.error;
  return lookup.value;
}

/** An on-demand EC2 instance price and the instance's size. */
export interface InstancePrice {
  instanceType: string;
  region: string;
  operatingSystem: string;
  preInstalledSw: string;
  tenancy: string;
  /** Per hour, exact. */
  rate: Decimal;
  /** The published price string. */
  price: string;
  unit: string;
  currency: string;
  vcpu?: number;
  memoryGib?: number;
  sku: string;
  effectiveDate?: string;
}

/** What to price: an instance type in a region for an operating system. */
export interface InstanceQuery {
  instanceType: string;
  region: string;
  os: OperatingSystem;
  sql?: SqlEdition | undefined;
  /** "Shared" (default) or "Dedicated" (dedicated instances). */
  tenancy?: "Shared" | "Dedicated";
}

/** The GetProducts filters that select exactly one on-demand instance product. */
export function instanceFilters(q: InstanceQuery): PriceFilter[] {
  return [
    term("regionCode", q.region),
    term("instanceType", q.instanceType),
    term("operatingSystem", PRICE_LIST_OS[q.os]),
    term("tenancy", q.tenancy ?? "Shared"),
    term("capacitystatus", "Used"),
    term("preInstalledSw", PRE_INSTALLED_SW[q.sql ?? "none"]),
    term("licenseModel", "No License required"),
  ];
}

/** "1,024 GiB" / "0.5 GiB" → GiB as a number; undefined for "NA". */
export function parseMemoryGib(memory: string | undefined): number | undefined {
  const m = /^([\d,]+(?:\.\d+)?)\s*GiB$/i.exec(memory?.trim() ?? "");
  return m?.[1] ? Number(m[1].replace(/,/g, "")) : undefined;
}

function parseCount(value: string | undefined): number | undefined {
  return value && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** A readable name for what was asked: "m5.large Windows with SQL Std". */
export function describeQuery(q: InstanceQuery): string {
  const sql = q.sql && q.sql !== "none" ? ` with ${PRE_INSTALLED_SW[q.sql]}` : "";
  const tenancy = q.tenancy === "Dedicated" ? " (dedicated)" : "";
  return `${q.instanceType} ${PRICE_LIST_OS[q.os]}${sql}${tenancy}`;
}

function differences(items: readonly PriceItem[]): string {
  const keys = new Set(items.flatMap((i) => Object.keys(i.attributes)));
  const differing = [...keys].filter((k) =>
    new Set(items.map((i) => i.attributes[k] ?? "")).size > 1
  );
  const shown = differing.slice(0, 3).map((k) =>
    `${k} (${[...new Set(items.map((i) => i.attributes[k] ?? "-"))].slice(0, 3).join(" / ")})`
  );
  return shown.length ? `they differ in ${shown.join(", ")}` : "they differ only in price terms";
}

async function explainMissing(ctx: LookupContext, q: InstanceQuery): Promise<ToolError> {
  const what = describeQuery(q);
  // Cheap probes, only on this failure path, one after the other (a lookup holds one slot of
  // the caller's concurrency bound) and cached: is the region priced at all, is the type?
  const probe = { maxResults: 1, enough: 1 };
  const region = await findProducts(
    ctx,
    "AmazonEC2",
    [term("regionCode", q.region)],
    q.region,
    probe,
  );
  if (region.total === 0) {
    return new ToolError(
      "PriceNotFound",
      `the price list has no EC2 prices for region ${q.region}`,
      "check the region code; new or opt-in regions can be missing from the price list for a while",
    );
  }
  const type = await findProducts(
    ctx,
    "AmazonEC2",
    [term("regionCode", q.region), term("instanceType", q.instanceType)],
    q.region,
    probe,
  );
  if (type.total === 0) {
    return new ToolError(
      "PriceNotFound",
      `no on-demand price for ${what} in ${q.region}: the type is not offered there`,
      "check the type with ec2_describe_instance_types, or try another region",
    );
  }
  return new ToolError(
    "PriceNotFound",
    `no on-demand price for ${what} in ${q.region}`,
    "the type is priced there for other operating systems: try another operating_system or sql",
  );
}

/** The on-demand price of one instance type, or an error saying that none or several match. */
export async function instancePrice(
  ctx: LookupContext,
  q: InstanceQuery,
): Promise<Lookup<InstancePrice>> {
  // Two matches already make the lookup ambiguous: no need to page further.
  const found = await findProducts(ctx, "AmazonEC2", instanceFilters(q), q.region, { enough: 2 });
  if (found.total === 0) return { ok: false, error: await explainMissing(ctx, q) };
  if (found.total > 1) {
    return {
      ok: false,
      error: new ToolError(
        "AmbiguousPrice",
        `${found.total} price-list products match ${describeQuery(q)} in ${q.region}: ${
          differences(found.items)
        }`,
        "the price list changed shape for this type; compare the SKUs in the AWS pricing console",
      ),
    };
  }
  const item = found.items[0] as PriceItem;
  const a = item.attributes;
  const vcpu = parseCount(a.vcpu);
  const memoryGib = parseMemoryGib(a.memory);
  return {
    ok: true,
    value: {
      instanceType: q.instanceType,
      region: q.region,
      operatingSystem: a.operatingSystem ?? PRICE_LIST_OS[q.os],
      preInstalledSw: a.preInstalledSw ?? PRE_INSTALLED_SW[q.sql ?? "none"],
      tenancy: a.tenancy ?? q.tenancy ?? "Shared",
      rate: decimal(item.price),
      price: item.price,
      unit: item.unit,
      currency: item.currency,
      ...(vcpu !== undefined ? { vcpu } : {}),
      ...(memoryGib !== undefined ? { memoryGib } : {}),
      sku: item.sku,
      ...(item.effective_date ? { effectiveDate: item.effective_date } : {}),
    },
  };
}

/** EBS volume types the price list prices. */
export const VOLUME_TYPES = ["gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"] as const;
/** An EBS volume type. */
export type VolumeType = (typeof VOLUME_TYPES)[number];

/** The usage-type suffix of each EBS price (usage types carry a region prefix such as EUW1-). */
const EBS_USAGE = {
  storage: {
    gp3: "EBS:VolumeUsage.gp3",
    gp2: "EBS:VolumeUsage.gp2",
    io1: "EBS:VolumeUsage.piops",
    io2: "EBS:VolumeUsage.io2",
    st1: "EBS:VolumeUsage.st1",
    sc1: "EBS:VolumeUsage.sc1",
    standard: "EBS:VolumeUsage",
  },
  iops: {
    gp3: "EBS:VolumeP-IOPS.gp3",
    io1: "EBS:VolumeP-IOPS.piops",
    io2: "EBS:VolumeP-IOPS.io2",
    io2_tier2: "EBS:VolumeP-IOPS.io2.tier2",
    io2_tier3: "EBS:VolumeP-IOPS.io2.tier3",
  },
  throughput: { gp3: "EBS:VolumeP-Throughput.gp3" },
} as const;

/** The price-list product family of each EBS price kind. */
export const EBS_FAMILY = {
  storage: "Storage",
  iops: "System Operation",
  throughput: "Provisioned Throughput",
} as const;

/** An EBS price kind: storage (per GB-month), provisioned IOPS, provisioned throughput. */
export type EbsPriceKind = keyof typeof EBS_FAMILY;

/** The GetProducts filters for one kind of EBS price of a volume type in a region. */
export function ebsFilters(kind: EbsPriceKind, volumeType: VolumeType, region: string) {
  return [
    term("regionCode", region),
    term("productFamily", EBS_FAMILY[kind]),
    term("volumeApiName", volumeType),
  ];
}

/** One EBS rate: per GB-month, per IOPS-month, or per MiB/s-month (converted from GiBps-mo). */
export interface EbsRate {
  rate: Decimal;
  unit: string;
  sku: string;
  currency: string;
}

/**
 * The EBS rate of `usage` (a key of the usage table for `kind`), picked by usage-type suffix
 * among the products of that family, volume type and region.
 */
export async function ebsRate(
  ctx: LookupContext,
  kind: EbsPriceKind,
  volumeType: VolumeType,
  usage: string,
  region: string,
): Promise<Lookup<EbsRate>> {
  const suffix = (EBS_USAGE[kind] as Record<string, string>)[usage];
  const what = `${volumeType} ${kind}${usage === volumeType ? "" : ` (${usage})`}`;
  if (!suffix) {
    return {
      ok: false,
      error: new ToolError("InvalidInput", `${volumeType} has no separately priced ${kind}`),
    };
  }
  const found = await findProducts(ctx, "AmazonEC2", ebsFilters(kind, volumeType, region), region);
  const matching = found.items.filter((i) => {
    const usageType = i.attributes.usagetype ?? "";
    return usageType === suffix || usageType.endsWith(`-${suffix}`);
  });
  if (matching.length !== 1) {
    return {
      ok: false,
      error: new ToolError(
        matching.length ? "AmbiguousPrice" : "PriceNotFound",
        matching.length
          ? `${matching.length} price-list products match EBS ${what} in ${region}`
          : `no EBS ${what} price in ${region}`,
        "check the volume type and region, or estimate without ebs",
      ),
    };
  }
  const item = matching[0] as PriceItem;
  let rate = decimal(item.price);
  let unit = item.unit;
  if (/^GiBps/i.test(unit)) {
    // Throughput is published per GiB/s-month; inputs are in MiB/s.
    rate = div(rate, 1024, 14);
    unit = "MiBps-Mo";
  }
  return { ok: true, value: { rate, unit, sku: item.sku, currency: item.currency } };
}
