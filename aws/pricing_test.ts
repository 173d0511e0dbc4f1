import { deepEqual, equal, match, ok } from "node:assert/strict";
import { matchesFilters, samplePriceList, startPricingStandIn } from "../tests/_pricing_standin.ts";
import { AwsClients } from "./clients.ts";
import type { ToolError } from "./errors.ts";
import { formatRate, toFixed } from "./money.ts";
import { PriceCache } from "./price_cache.ts";
import {
  ebsRate,
  instanceFilters,
  instancePrice,
  type LookupContext,
  parseMemoryGib,
  parsePriceDocument,
  pricingRegion,
} from "./pricing.ts";
import { createLimiter, mapLimit } from "./limit.ts";

const DOCS = samplePriceList();

function credentials() {
  Deno.env.set("AWS_ACCESS_KEY_ID", "testing");
  Deno.env.set("AWS_SECRET_ACCESS_KEY", "testing");
  Deno.env.delete("AWS_PROFILE");
  Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");
}

/** A lookup context on the real SDK, pointed at a fresh stand-in, with a memory-only cache. */
function setup(options: Parameters<typeof startPricingStandIn>[1] = {}) {
  credentials();
  const standIn = startPricingStandIn(DOCS, options);
  const aws = new AwsClients({
    profile: undefined,
    region: "eu-west-1",
    userAgent: "aws-mcp-test",
    endpoint: standIn.url,
  });
  const ctx: LookupContext = {
    aws: aws.scope("eu-west-1", new AbortController().signal),
    cache: new PriceCache({ dir: undefined }),
  };
  return { standIn, ctx };
}

Deno.test("an instance price is one GetProducts call with the precise filters, on the wire", async () => {
  const { standIn, ctx } = setup();
  try {
    const found = await instancePrice(ctx, {
      instanceType: "t3.micro",
      region: "eu-west-1",
      os: "linux",
    });
    ok(found.ok);
    equal(formatRate(found.value.rate), "0.0114");
    equal(found.value.price, "0.0114000000");
    equal(found.value.unit, "Hrs");
    equal(found.value.vcpu, 2);
    equal(found.value.memoryGib, 1);
    equal(found.value.effectiveDate, "2026-11-01T00:00:00Z");
    equal(found.value.sku.length, 16);
    equal(standIn.getProducts.length, 1);
    deepEqual(standIn.getProducts[0], {
      ServiceCode: "AmazonEC2",
      Filters: [
        { Type: "TERM_MATCH", Field: "regionCode", Value: "eu-west-1" },
        { Type: "TERM_MATCH", Field: "instanceType", Value: "t3.micro" },
        { Type: "TERM_MATCH", Field: "operatingSystem", Value: "Linux" },
        { Type: "TERM_MATCH", Field: "tenancy", Value: "Shared" },
        { Type: "TERM_MATCH", Field: "capacitystatus", Value: "Used" },
        { Type: "TERM_MATCH", Field: "preInstalledSw", Value: "NA" },
        { Type: "TERM_MATCH", Field: "licenseModel", Value: "No License required" },
      ],
      FormatVersion: "aws_v1",
      MaxResults: 100,
    });
    const headers = standIn.headers[0];
    equal(headers?.get("x-amz-target"), "AWSPriceListService.GetProducts");
    match(headers?.get("content-type") ?? "", /^application\/x-amz-json-1\.1/);
    // Signed for the Pricing API's own region, whatever region the price is for.
    match(headers?.get("authorization") ?? "", /\/us-east-1\/pricing\/aws4_request/);
  } finally {
    await standIn.close();
  }
});

Deno.test("every filter of an instance lookup is needed: without any one, several products match", () => {
  const filters = instanceFilters({ instanceType: "t3.micro", region: "eu-west-1", os: "windows" });
  equal(DOCS.filter((d) => matchesFilters(d, filters)).length, 1);
  for (const dropped of filters) {
    const rest = filters.filter((f) => f !== dropped);
    ok(DOCS.filter((d) => matchesFilters(d, rest)).length > 1, `${dropped.Field} matters`);
  }
});

Deno.test("Windows, SQL Server and Linux prices are told apart", async () => {
  const { standIn, ctx } = setup();
  try {
    const price = async (os: "linux" | "windows" | "rhel", sql?: "standard") => {
      const found = await instancePrice(ctx, {
        instanceType: "t3.micro",
        region: "eu-west-1",
        os,
        sql,
      });
      ok(found.ok, found.ok ? "" : found.error.message);
      return [
        formatRate(found.value.rate),
        found.value.operatingSystem,
        found.value.preInstalledSw,
      ];
    };
    deepEqual(await price("linux"), ["0.0114", "Linux", "NA"]);
    deepEqual(await price("windows"), ["0.0206", "Windows", "NA"]);
    deepEqual(await price("rhel"), ["0.0402", "RHEL", "NA"]);
    deepEqual(await price("windows", "standard"), ["0.1534", "Windows", "SQL Std"]);
    deepEqual(await price("linux", "standard"), ["0.1442", "Linux", "SQL Std"]);
    deepEqual(
      standIn.getProducts.map((r) => r.Filters?.find((f) => f.Field === "preInstalledSw")?.Value),
      ["NA", "NA", "NA", "SQL Std", "SQL Std"],
    );
  } finally {
    await standIn.close();
  }
});

Deno.test("no product, a region the price list lacks and a missing OS each say why", async () => {
  const { standIn, ctx } = setup();
  try {
    const error = async (q: Parameters<typeof instancePrice>[1]) => {
      const found = await instancePrice(ctx, q);
      ok(!found.ok);
      return found.error as ToolError;
    };
    const unknownType = await error({ instanceType: "m9.huge", region: "eu-west-1", os: "linux" });
    equal(unknownType.code, "PriceNotFound");
    equal(
      unknownType.message,
      "no on-demand price for m9.huge Linux in eu-west-1: the type is not offered there",
    );
    match(unknownType.hint ?? "", /ec2_describe_instance_types/);

    const region = await error({ instanceType: "t3.micro", region: "mx-central-1", os: "linux" });
    equal(region.message, "the price list has no EC2 prices for region mx-central-1");

    const os = await error({ instanceType: "m5.xlarge", region: "eu-west-1", os: "windows" });
    equal(os.message, "no on-demand price for m5.xlarge Windows in eu-west-1");
    match(os.hint ?? "", /another operating_system/);

    // The probes ask with MaxResults 1 and are cached: the region probe ran once for two misses.
    const probes = standIn.getProducts.filter((r) => r.MaxResults === 1);
    ok(probes.every((r) => (r.Filters?.length ?? 0) <= 2));
    equal(
      probes.filter((r) => r.Filters?.length === 1 && r.Filters[0]?.Value === "eu-west-1").length,
      1,
    );
  } finally {
    await standIn.close();
  }
});

Deno.test("several matching products are an AmbiguousPrice naming how they differ, across pages", async () => {
  const { standIn, ctx } = setup({ pageSize: 1 });
  try {
    const found = await instancePrice(ctx, {
      instanceType: "c5.large",
      region: "eu-west-1",
      os: "linux",
    });
    ok(!found.ok);
    equal(found.error.code, "AmbiguousPrice");
    match(found.error.message, /^2 price-list products match c5\.large Linux in eu-west-1: /);
    match(found.error.message, /marketoption \(OnDemand \/ CapacityBlock\)/);
    deepEqual(standIn.getProducts.map((r) => r.NextToken), [undefined, "1"]);
  } finally {
    await standIn.close();
  }
});

Deno.test("a second lookup of the same price does not call the API, even concurrently", async () => {
  const { standIn, ctx } = setup({ delayMs: 20 });
  try {
    const q = { instanceType: "m5.large", region: "eu-west-1", os: "linux" } as const;
    const [a, b] = await Promise.all([instancePrice(ctx, q), instancePrice(ctx, q)]);
    ok(a.ok && b.ok);
    equal(standIn.getProducts.length, 1);
    const again = await instancePrice(ctx, q);
    ok(again.ok);
    equal(toFixed(again.value.rate, 4), "0.1070");
    equal(standIn.getProducts.length, 1);
    equal(ctx.cache?.stats.memoryHits, 1);
  } finally {
    await standIn.close();
  }
});

Deno.test("EBS rates come from Storage, System Operation and Provisioned Throughput products", async () => {
  const { standIn, ctx } = setup();
  try {
    const rate = async (
      ...args: Parameters<typeof ebsRate> extends [unknown, ...infer R] ? R : never
    ) => {
      const found = await ebsRate(ctx, ...args);
      ok(found.ok, found.ok ? "" : found.error.message);
      return [formatRate(found.value.rate), found.value.unit];
    };
    deepEqual(await rate("storage", "gp3", "gp3", "eu-west-1"), ["0.088", "GB-Mo"]);
    deepEqual(await rate("storage", "io2", "io2", "eu-west-1"), ["0.138", "GB-month"]);
    deepEqual(await rate("storage", "standard", "standard", "eu-west-1"), ["0.055", "GB-Mo"]);
    deepEqual(await rate("iops", "io2", "io2_tier2", "eu-west-1"), ["0.0504", "IOPS-Mo"]);
    deepEqual(await rate("iops", "io1", "io1", "eu-west-1"), ["0.072", "IOPS-Mo"]);
    // 45.056 per GiB/s-month is 0.044 per MiB/s-month.
    deepEqual(await rate("throughput", "gp3", "gp3", "eu-west-1"), ["0.044", "MiBps-Mo"]);
    const families = standIn.getProducts.map((r) =>
      r.Filters?.find((f) => f.Field === "productFamily")?.Value
    );
    deepEqual([...new Set(families)], ["Storage", "System Operation", "Provisioned Throughput"]);
    const missing = await ebsRate(ctx, "storage", "io2", "io2", "ca-west-1");
    ok(!missing.ok);
    equal(missing.error.message, "no EBS io2 storage price in ca-west-1");
  } finally {
    await standIn.close();
  }
});

Deno.test("price documents parse from JSON strings and string objects; odd ones are skipped", () => {
  const doc = DOCS[0]!;
  const text = JSON.stringify(doc);
  equal(parsePriceDocument(text)?.price, "0.0114000000");
  equal(parsePriceDocument(new String(text))?.currency, "USD");
  equal(parsePriceDocument({ ...doc, terms: { Reserved: {} } }), undefined);
  equal(parsePriceDocument("{not json"), undefined);
  equal(parsePriceDocument(JSON.stringify({ product: {} })), undefined);
  equal(parseMemoryGib("4,096 GiB"), 4096);
  equal(parseMemoryGib("0.5 GiB"), 0.5);
  equal(parseMemoryGib("NA"), undefined);
  equal(pricingRegion("eu-west-1"), "us-east-1");
  equal(pricingRegion("cn-north-1"), "cn-northwest-1");
});

Deno.test("mapLimit keeps at most the bound running and returns results in order", async () => {
  let running = 0;
  let peak = 0;
  const out = await mapLimit([5, 1, 4, 2, 3, 1, 2], 3, async (ms, i) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, ms * 3));
    running--;
    return i;
  });
  deepEqual(out, [0, 1, 2, 3, 4, 5, 6]);
  equal(peak, 3);
  let started = 0;
  const failing = mapLimit([1, 2, 3, 4, 5, 6], 2, (n) => {
    started++;
    return n === 1 ? Promise.reject(new Error("boom")) : new Promise((r) => setTimeout(r, 5));
  });
  await failing.then(() => ok(false), (e) => equal(e.message, "boom"));
  ok(started <= 2, `no new item starts after a failure (started ${started})`);
});

Deno.test("createLimiter bounds tasks however they are combined, and frees slots on failure", async () => {
  const limit = createLimiter(2);
  let running = 0;
  let peak = 0;
  const task = (ms: number, fail = false) =>
    limit(async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      if (fail) throw new Error("boom");
      return ms;
    });
  const nested = Promise.all([task(5), Promise.all([task(3, true).catch(() => -1), task(4)])]);
  deepEqual(await Promise.all([nested, task(1), task(2)]), [[5, [-1, 4]], 1, 2]);
  equal(peak, 2);
  equal(running, 0);
});

Deno.test("an EBS lookup reads every page, since it picks its product by usage type", async () => {
  const { standIn, ctx } = setup({ pageSize: 1 });
  try {
    const tier3 = await ebsRate(ctx, "iops", "io2", "io2_tier3", "eu-west-1");
    ok(tier3.ok);
    equal(formatRate(tier3.value.rate), "0.0353");
    deepEqual(standIn.getProducts.map((r) => r.NextToken), [undefined, "1", "2"]);
  } finally {
    await standIn.close();
  }
});
