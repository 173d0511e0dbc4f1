/**
 * A local stand-in for the AWS Price List Query API (moto has none): it speaks GetProducts'
 * wire protocol (AWS JSON 1.1), applies the request's TERM_MATCH filters to product documents in
 * the published format, and forwards every other request (EC2 …) to moto, so one AwsClients
 * endpoint serves both.
 */
import { forward, type StandIn, startStandIn } from "./_standin.ts";

/** A product document as the price list publishes it (PriceList entries are its JSON text). */
export interface PriceDocument {
  product: { productFamily: string; attributes: Record<string, string>; sku: string };
  serviceCode: string;
  terms: { OnDemand?: Record<string, unknown>; Reserved?: Record<string, unknown> };
  version: string;
  publicationDate: string;
}

/** One GetProducts request as the SDK sent it. */
export interface GetProductsRequest {
  ServiceCode?: string;
  Filters?: { Type: string; Field: string; Value: string }[];
  FormatVersion?: string;
  MaxResults?: number;
  NextToken?: string;
}

/** The stand-in plus what it saw. */
export interface PricingStandIn extends StandIn {
  /** Every GetProducts request body, parsed. */
  getProducts: GetProductsRequest[];
  /** Requests passed on to moto. */
  forwarded: number;
}

/** Options of the stand-in. */
export interface PricingStandInOptions {
  /** Where requests that are not for the Pricing API go (moto); without it they are refused. */
  forwardTo?: string;
  /** Products per GetProducts page at most (the real API's default and maximum is 100). */
  pageSize?: number;
  /** Delay before answering GetProducts, in milliseconds (to measure cold lookups). */
  delayMs?: number;
}

const JSON_11 = "application/x-amz-json-1.1";

function awsJsonError(status: number, type: string, message: string): Response {
  return new Response(JSON.stringify({ __type: type, Message: message }), {
    status,
    headers: { "content-type": JSON_11, "x-amzn-errortype": type },
  });
}

/** Whether a document matches every TERM_MATCH filter (attributes, productFamily or sku). */
export function matchesFilters(
  doc: PriceDocument,
  filters: readonly { Type: string; Field: string; Value: string }[],
): boolean {
  return filters.every((f) => {
    const value = f.Field === "productFamily"
      ? doc.product.productFamily
      : f.Field === "sku"
      ? doc.product.sku
      : f.Field === "ServiceCode"
      ? doc.serviceCode
      : doc.product.attributes[f.Field];
    return value === f.Value;
  });
}

/** Serves GetProducts over `documents` on a loopback port; other requests go to `forwardTo`. */
export function startPricingStandIn(
  documents: readonly PriceDocument[],
  options: PricingStandInOptions = {},
): PricingStandIn {
  const getProducts: GetProductsRequest[] = [];
  let forwarded = 0;
  const standIn = startStandIn(async (request, body) => {
    const target = request.headers.get("x-amz-target") ?? "";
    if (!target.startsWith("AWSPriceListService.")) {
      if (!options.forwardTo) return awsJsonError(400, "UnknownOperationException", target);
      forwarded++;
      return forward(request, body, options.forwardTo);
    }
    if (request.method !== "POST" || new URL(request.url).pathname !== "/") {
      return awsJsonError(404, "UnknownOperationException", "POST / expected");
    }
    if (!(request.headers.get("content-type") ?? "").startsWith(JSON_11)) {
      return awsJsonError(400, "SerializationException", `content-type must be ${JSON_11}`);
    }
    if (target !== "AWSPriceListService.GetProducts") {
      return awsJsonError(400, "UnknownOperationException", `stand-in has no ${target}`);
    }
    let input: GetProductsRequest;
    try {
      input = JSON.parse(body);
    } catch {
      return awsJsonError(400, "SerializationException", "body is not JSON");
    }
    getProducts.push(input);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    if (!input.ServiceCode) {
      return awsJsonError(400, "ValidationException", "ServiceCode is required");
    }
    const filters = input.Filters ?? [];
    const bad = filters.find((f) => f.Type !== "TERM_MATCH" || !f.Field || f.Value === undefined);
    if (bad) {
      return awsJsonError(
        400,
        "InvalidParameterException",
        `unsupported filter ${JSON.stringify(bad)}`,
      );
    }
    const max = input.MaxResults ?? 100;
    if (max < 1 || max > 100) {
      return awsJsonError(400, "InvalidParameterException", "MaxResults must be 1 to 100");
    }
    const matching = documents.filter((d) =>
      d.serviceCode === input.ServiceCode && matchesFilters(d, filters)
    );
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    if (!Number.isInteger(offset) || offset < 0) {
      return awsJsonError(400, "InvalidNextTokenException", "bad NextToken");
    }
    const size = Math.min(max, options.pageSize ?? 100);
    const page = matching.slice(offset, offset + size);
    const next = offset + size < matching.length ? String(offset + size) : undefined;
    return new Response(
      JSON.stringify({
        FormatVersion: "aws_v1",
        PriceList: page.map((d) => JSON.stringify(d)),
        ...(next ? { NextToken: next } : {}),
      }),
      { headers: { "content-type": JSON_11, "x-amzn-requestid": crypto.randomUUID() } },
    );
  });
  return {
    ...standIn,
    getProducts,
    get forwarded() {
      return forwarded;
    },
  };
}

const LOCATIONS: Record<string, [string, string]> = {
  "us-east-1": ["US East (N. Virginia)", ""],
  "eu-west-1": ["EU (Ireland)", "EU-"],
  "ca-west-1": ["Canada West (Calgary)", "CAN2-"],
  "il-central-1": ["Israel (Tel Aviv)", "ILC1-"],
};

function sku(...parts: string[]): string {
  // Deterministic 16-character SKU, in the price list's alphabet.
  let h = 0x811c9dc5;
  for (const c of parts.join("|")) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  let out = "";
  for (let i = 0; i < 16; i++) {
    h = Math.imul(h ^ i, 0x01000193);
    out += "ABCDEFGHJKMNPQRSTUVWXYZ23456789"[(h >>> 0) % 31];
  }
  return out;
}

/** One published product document with an on-demand price. */
export function priceDocument(spec: {
  family: string;
  attributes: Record<string, string>;
  price: string;
  unit: string;
  description: string;
  sku?: string;
  effectiveDate?: string;
}): PriceDocument {
  const id = spec.sku ?? sku(spec.family, JSON.stringify(spec.attributes));
  const term = `${id}.JRTCKXETXF`;
  return {
    product: { productFamily: spec.family, attributes: spec.attributes, sku: id },
    serviceCode: "AmazonEC2",
    terms: {
      OnDemand: {
        [term]: {
          priceDimensions: {
            [`${term}.6YS6EN2CT7`]: {
              unit: spec.unit,
              endRange: "Inf",
              description: spec.description,
              appliesTo: [],
              rateCode: `${term}.6YS6EN2CT7`,
              beginRange: "0",
              pricePerUnit: { USD: spec.price },
            },
          },
          sku: id,
          effectiveDate: spec.effectiveDate ?? "2026-11-01T00:00:00Z",
          offerTermCode: "JRTCKXETXF",
          termAttributes: {},
        },
      },
    },
    version: "20261101000000",
    publicationDate: "2026-11-01T00:00:00Z",
  };
}

const OPERATION: Record<string, string> = {
  "Linux|NA": "RunInstances",
  "Linux|SQL Std": "RunInstances:0004",
  "Windows|NA": "RunInstances:0002",
  "Windows|SQL Std": "RunInstances:0006",
  "RHEL|NA": "RunInstances:0010",
  "SUSE|NA": "RunInstances:000g",
  "Ubuntu Pro|NA": "RunInstances:0g00",
};

/** An instance type's size, as the price list states it. */
export interface InstanceSize {
  vcpu: string;
  memory: string;
}

/**
 * The Compute Instance documents of one type in one region: the on-demand product of each
 * operating system priced, plus the siblings AWS publishes beside it (capacity-reservation
 * statuses, dedicated tenancy, BYOL), which only the precise filters tell apart.
 */
export function instanceProducts(
  regionCode: string,
  instanceType: string,
  size: InstanceSize,
  prices: Record<string, string>,
): PriceDocument[] {
  const [location, prefix] = LOCATIONS[regionCode] ?? [regionCode, ""];
  const docs: PriceDocument[] = [];
  const add = (
    os: string,
    price: string,
    extra: Partial<Record<string, string>> = {},
  ) => {
    const attributes: Record<string, string> = {
      instanceType,
      vcpu: size.vcpu,
      memory: size.memory,
      operatingSystem: os,
      regionCode,
      location,
      locationType: "AWS Region",
      tenancy: "Shared",
      capacitystatus: "Used",
      preInstalledSw: "NA",
      licenseModel: "No License required",
      marketoption: "OnDemand",
      instanceFamily: "General purpose",
      currentGeneration: "Yes",
      physicalProcessor: "Intel Xeon Platinum 8175",
      processorArchitecture: "64-bit",
      networkPerformance: "Up to 5 Gigabit",
      storage: "EBS only",
      servicecode: "AmazonEC2",
      servicename: "Amazon Elastic Compute Cloud",
      ...Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== undefined)),
    } as Record<string, string>;
    const kind = attributes.tenancy === "Dedicated" ? "DedicatedUsage" : "BoxUsage";
    attributes.usagetype ??= `${prefix}${kind}:${instanceType}`;
    attributes.operation ??= OPERATION[`${os}|${attributes.preInstalledSw}`] ?? "RunInstances";
    docs.push(priceDocument({
      family: "Compute Instance",
      attributes,
      price,
      unit: "Hrs",
      description: `$${price.replace(/0+$/, "")} per On Demand ${os} ${instanceType} Instance Hour`,
    }));
  };
  for (const [key, price] of Object.entries(prices)) {
    const [os, sql] = key.split("|") as [string, string | undefined];
    add(os, price, sql ? { preInstalledSw: sql } : {});
    if (sql) continue;
    // The siblings AWS publishes with every on-demand product.
    add(os, "0.0000000000", {
      capacitystatus: "AllocatedCapacityReservation",
      usagetype: `${prefix}Reservation:${instanceType}`,
    });
    add(os, price, {
      capacitystatus: "UnusedCapacityReservation",
      usagetype: `${prefix}UnusedBox:${instanceType}`,
    });
    add(os, bump(price), { tenancy: "Dedicated" });
    if (os === "Windows") {
      add(os, bump(price), {
        licenseModel: "Bring your own license",
        operation: "RunInstances:0800",
      });
    }
  }
  return docs;
}

function bump(price: string): string {
  // A different price for siblings, so a wrong match shows in the amount too.
  const [whole = "0", fraction = ""] = price.split(".");
  return `${Number(whole) + 1}.${fraction}`;
}

/** The EBS documents of a region: storage per volume type, gp3/io1/io2 IOPS tiers, gp3 throughput. */
export function ebsProducts(
  regionCode: string,
  rates: {
    storage: Partial<Record<string, string>>;
    iops?: Partial<Record<string, string>>;
    throughputPerGibps?: string;
  },
): PriceDocument[] {
  const [location, prefix] = LOCATIONS[regionCode] ?? [regionCode, ""];
  const base = { regionCode, location, locationType: "AWS Region", servicecode: "AmazonEC2" };
  const usage: Record<string, string> = {
    gp3: "EBS:VolumeUsage.gp3",
    gp2: "EBS:VolumeUsage.gp2",
    io1: "EBS:VolumeUsage.piops",
    io2: "EBS:VolumeUsage.io2",
    st1: "EBS:VolumeUsage.st1",
    sc1: "EBS:VolumeUsage.sc1",
    standard: "EBS:VolumeUsage",
  };
  const docs: PriceDocument[] = [];
  for (const [type, price] of Object.entries(rates.storage)) {
    if (!price) continue;
    docs.push(priceDocument({
      family: "Storage",
      attributes: { ...base, volumeApiName: type, usagetype: `${prefix}${usage[type]}` },
      price,
      unit: type === "io2" ? "GB-month" : "GB-Mo",
      description: `$${price} per GB-month of ${type} provisioned storage`,
    }));
  }
  const iopsUsage: Record<string, [string, string]> = {
    gp3: ["gp3", "EBS:VolumeP-IOPS.gp3"],
    io1: ["io1", "EBS:VolumeP-IOPS.piops"],
    io2: ["io2", "EBS:VolumeP-IOPS.io2"],
    io2_tier2: ["io2", "EBS:VolumeP-IOPS.io2.tier2"],
    io2_tier3: ["io2", "EBS:VolumeP-IOPS.io2.tier3"],
  };
  for (const [key, price] of Object.entries(rates.iops ?? {})) {
    const [type, usagetype] = iopsUsage[key] ?? [];
    if (!price || !type) continue;
    docs.push(priceDocument({
      family: "System Operation",
      attributes: {
        ...base,
        volumeApiName: type,
        group: "EBS IOPS",
        usagetype: `${prefix}${usagetype}`,
      },
      price,
      unit: "IOPS-Mo",
      description: `$${price} per IOPS-month provisioned (${key})`,
    }));
  }
  if (rates.storage.standard) {
    // Magnetic volumes' I/O requests: same family, another usage type, not a provisioned rate.
    docs.push(priceDocument({
      family: "System Operation",
      attributes: {
        ...base,
        volumeApiName: "standard",
        group: "EBS I/O Requests",
        usagetype: `${prefix}EBS:VolumeIOUsage`,
      },
      price: "0.0000000500",
      unit: "IOs",
      description: "$0.05 per 1 million I/O requests",
    }));
  }
  if (rates.throughputPerGibps) {
    docs.push(priceDocument({
      family: "Provisioned Throughput",
      attributes: {
        ...base,
        volumeApiName: "gp3",
        usagetype: `${prefix}EBS:VolumeP-Throughput.gp3`,
      },
      price: rates.throughputPerGibps,
      unit: "GiBps-mo",
      description: `$${rates.throughputPerGibps} per GiBps-mo provisioned throughput`,
    }));
  }
  return docs;
}

const T3_MICRO = { vcpu: "2", memory: "1 GiB" };
const T3_SMALL = { vcpu: "2", memory: "2 GiB" };
const M5_LARGE = { vcpu: "2", memory: "8 GiB" };
const M5_XLARGE = { vcpu: "4", memory: "16 GiB" };
const R5_LARGE = { vcpu: "2", memory: "16 GiB" };
const X2_BIG = { vcpu: "128", memory: "4,096 GiB" };

/**
 * The price list the tests share: eu-west-1 (unit tests), ca-west-1 and il-central-1 (moto),
 * with the awkward cases: `c5.large` in eu-west-1 matches two products, `m9.huge` is in no
 * region, mx-central-1 is missing from the price list, Windows and SQL prices differ from Linux.
 */
export function samplePriceList(): PriceDocument[] {
  const docs: PriceDocument[] = [
    ...instanceProducts("eu-west-1", "t3.micro", T3_MICRO, {
      Linux: "0.0114000000",
      Windows: "0.0206000000",
      RHEL: "0.0402000000",
      SUSE: "0.0114000000",
      "Ubuntu Pro": "0.0149000000",
      "Linux|SQL Std": "0.1442000000",
      "Windows|SQL Std": "0.1534000000",
    }),
    ...instanceProducts("eu-west-1", "t3.small", T3_SMALL, {
      Linux: "0.0228000000",
      Windows: "0.0412000000",
    }),
    ...instanceProducts("eu-west-1", "m5.large", M5_LARGE, {
      Linux: "0.1070000000",
      Windows: "0.1990000000",
    }),
    ...instanceProducts("eu-west-1", "m5.xlarge", M5_XLARGE, { Linux: "0.2140000000" }),
    ...instanceProducts("eu-west-1", "r5.large", R5_LARGE, { Linux: "0.1410000000" }),
    ...instanceProducts("eu-west-1", "x2iedn.32xlarge", X2_BIG, { Linux: "33.3420000000" }),
    ...instanceProducts("eu-west-1", "c5.large", { vcpu: "2", memory: "4 GiB" }, {
      Linux: "0.0960000000",
    }),
    ...instanceProducts("us-east-1", "t3.micro", T3_MICRO, { Linux: "0.0104000000" }),
    ...instanceProducts("ca-west-1", "t3.micro", T3_MICRO, {
      Linux: "0.0116000000",
      Windows: "0.0208000000",
    }),
    ...instanceProducts("ca-west-1", "m5.large", M5_LARGE, {
      Linux: "0.1070000000",
      Windows: "0.1990000000",
      "Windows|SQL Std": "0.5670000000",
    }),
    ...instanceProducts("il-central-1", "t3.micro", T3_MICRO, { Linux: "0.0125000000" }),
    ...instanceProducts("il-central-1", "m5.large", M5_LARGE, { Linux: "0.1160000000" }),
    ...ebsProducts("eu-west-1", {
      storage: {
        gp3: "0.0880000000",
        gp2: "0.1100000000",
        io1: "0.1380000000",
        io2: "0.1380000000",
        st1: "0.0500000000",
        sc1: "0.0168000000",
        standard: "0.0550000000",
      },
      iops: {
        gp3: "0.0055000000",
        io1: "0.0720000000",
        io2: "0.0720000000",
        io2_tier2: "0.0504000000",
        io2_tier3: "0.0353000000",
      },
      throughputPerGibps: "45.0560000000",
    }),
    ...ebsProducts("ca-west-1", {
      storage: { gp3: "0.0880000000", gp2: "0.1100000000" },
      iops: { gp3: "0.0055000000" },
      throughputPerGibps: "45.0560000000",
    }),
    ...ebsProducts("il-central-1", {
      storage: { gp3: "0.0960000000" },
      iops: { gp3: "0.0060000000" },
      throughputPerGibps: "49.1520000000",
    }),
  ];
  // The awkward case: a second product that matches every filter of c5.large Linux.
  const original = docs.find((d) =>
    d.product.attributes.instanceType === "c5.large" &&
    d.product.attributes.capacitystatus === "Used" &&
    d.product.attributes.tenancy === "Shared"
  );
  if (original) {
    docs.push(priceDocument({
      family: "Compute Instance",
      attributes: {
        ...original.product.attributes,
        marketoption: "CapacityBlock",
        usagetype: "EU-CapacityBlock:c5.large",
      },
      price: "0.0410000000",
      unit: "Hrs",
      description: "$0.041 per Capacity Block c5.large Instance Hour",
    }));
  }
  return docs;
}

/** A `pricing.getProducts` stub for stubAws that filters `documents` like the stand-in does. */
export function getProductsStub(documents: readonly PriceDocument[] = samplePriceList()) {
  return (input: GetProductsRequest) => {
    const matching = documents.filter((d) =>
      d.serviceCode === input.ServiceCode && matchesFilters(d, input.Filters ?? [])
    );
    const offset = input.NextToken ? Number(input.NextToken) : 0;
    const size = input.MaxResults ?? 100;
    const next = offset + size < matching.length ? String(offset + size) : undefined;
    return {
      FormatVersion: "aws_v1",
      PriceList: matching.slice(offset, offset + size).map((d) => JSON.stringify(d)),
      ...(next ? { NextToken: next } : {}),
    };
  };
}
