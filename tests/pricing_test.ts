import { deepEqual, equal, ok } from "node:assert/strict";
import { AwsClients } from "../aws/clients.ts";
import { PriceCache, priceCache, setPriceCache } from "../aws/price_cache.ts";
import { pricingTools } from "../tools/pricing/mod.ts";
import { callOk, connect, useMotoCredentials } from "./_helpers.ts";
import { samplePriceList, startPricingStandIn } from "./_pricing_standin.ts";

const DOCS = samplePriceList();
const ASK = { instance_type: "m5.large", operating_system: "windows" };

/**
 * The pricing tools on the real SDK, every service pointed at a Pricing stand-in: a fresh one,
 * or `shared` (the endpoint is part of the cache key, so "another process" must use the same).
 */
async function serve(shared?: ReturnType<typeof startPricingStandIn>) {
  useMotoCredentials();
  const standIn = shared ?? startPricingStandIn(DOCS);
  const aws = new AwsClients({
    profile: undefined,
    region: "eu-west-1",
    userAgent: "aws-mcp-test",
    endpoint: standIn.url,
  });
  const connected = await connect({ region: "eu-west-1" }, { aws, inventory: pricingTools });
  return {
    standIn,
    client: connected.client,
    close: async () => {
      await connected.close();
      if (!shared) await standIn.close();
    },
  };
}

async function cacheFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(`${dir}/pricing`)) names.push(e.name);
  return names;
}

Deno.test("the warm lookup of a price makes no Pricing API call", async () => {
  setPriceCache(new PriceCache({ dir: undefined }));
  const { standIn, client, close } = await serve();
  try {
    const cold = await callOk(client, "ec2_get_ondemand_price", ASK);
    equal(cold.price_per_hour, "0.199");
    equal(standIn.getProducts.length, 1);
    const warm = await callOk(client, "ec2_get_ondemand_price", ASK);
    deepEqual(warm, cold);
    equal(standIn.getProducts.length, 1);
    // The same price inside another tool is warm too.
    const table = await callOk<{ prices: { instance_type: string }[] }>(
      client,
      "ec2_compare_instance_prices",
      { instance_types: ["m5.large"], operating_system: "windows" },
    );
    equal(table.prices.length, 1);
    equal(standIn.getProducts.length, 1);
  } finally {
    await close();
  }
});

Deno.test("prices cached on disk serve a new process without calling the API", async () => {
  const dir = await Deno.makeTempDir();
  const standIn = startPricingStandIn(DOCS);
  try {
    setPriceCache(new PriceCache({ dir }));
    const first = await serve(standIn);
    let answer: Record<string, unknown>;
    try {
      answer = await callOk(first.client, "ec2_get_ondemand_price", ASK);
      equal(first.standIn.getProducts.length, 1);
    } finally {
      await first.close();
    }
    equal((await cacheFiles(dir)).length, 1);

    setPriceCache(new PriceCache({ dir })); // a new process: empty memory, same directory
    const second = await serve(standIn);
    try {
      deepEqual(await callOk(second.client, "ec2_get_ondemand_price", ASK), answer);
      equal(second.standIn.getProducts.length, 1, "no new call");
    } finally {
      await second.close();
    }

    for (const name of await cacheFiles(dir)) {
      await Deno.writeTextFile(`${dir}/pricing/${name}`, "{ corrupt");
    }
    setPriceCache(new PriceCache({ dir }));
    const third = await serve(standIn);
    try {
      deepEqual(await callOk(third.client, "ec2_get_ondemand_price", ASK), answer);
      equal(third.standIn.getProducts.length, 2, "a corrupt file is a miss, not an error");
    } finally {
      await third.close();
    }
  } finally {
    await standIn.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("AWS_MCP_CACHE_DIR places the cache; an unwritable one leaves memory caching", async () => {
  const dir = await Deno.makeTempDir();
  const saved = Deno.env.get("AWS_MCP_CACHE_DIR");
  const error = console.error;
  try {
    Deno.env.set("AWS_MCP_CACHE_DIR", dir);
    setPriceCache(undefined);
    equal(priceCache().dir, dir);
    const one = await serve();
    try {
      await callOk(one.client, "ec2_get_ondemand_price", ASK);
    } finally {
      await one.close();
    }
    equal((await cacheFiles(dir)).length, 1);

    const file = await Deno.makeTempFile();
    Deno.env.set("AWS_MCP_CACHE_DIR", `${file}/cannot-exist`);
    setPriceCache(undefined);
    const warnings: string[] = [];
    console.error = (...args: unknown[]) => warnings.push(args.join(" "));
    const two = await serve();
    try {
      await callOk(two.client, "ec2_get_ondemand_price", ASK);
      await callOk(two.client, "ec2_get_ondemand_price", ASK);
      equal(two.standIn.getProducts.length, 1);
      equal(priceCache().persistent, false);
      ok(
        warnings.some((w) =>
          /is not (writable|readable) .*; caching prices in memory only/.test(w)
        ),
      );
    } finally {
      await two.close();
      await Deno.remove(file);
    }
  } finally {
    console.error = error;
    saved === undefined
      ? Deno.env.delete("AWS_MCP_CACHE_DIR")
      : Deno.env.set("AWS_MCP_CACHE_DIR", saved);
    setPriceCache(new PriceCache({ dir: undefined }));
    await Deno.remove(dir, { recursive: true });
  }
});
