import { equal, notEqual } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../aws/price_cache.ts";
import { pricingTools } from "../tools/pricing/mod.ts";
import { callOk, connect, stubAws } from "./_helpers.ts";
import { getProductsStub } from "./_pricing_standin.ts";

// The price cache is a file any process of the user (or, misconfigured, anyone) could write:
// what it holds is checked before it is quoted.

async function onlyFile(dir: string): Promise<string> {
  const names = [];
  for await (const entry of Deno.readDir(`${dir}/pricing`)) names.push(entry.name);
  equal(names.length, 1, names.join(", "));
  return `${dir}/pricing/${names[0]}`;
}

Deno.test("a tampered or malformed cached price is ignored and fetched again", async () => {
  const dir = await Deno.makeTempDir();
  const cache = new PriceCache({ dir });
  setPriceCache(cache);
  const aws = stubAws({ pricing: { getProducts: getProductsStub() } }, { region: "eu-west-1" });
  const { client, close } = await connect({}, { aws, inventory: pricingTools });
  const price = async () =>
    (await callOk<{ price_per_hour: string }>(client, "ec2_get_ondemand_price", {
      instance_type: "m5.large",
    })).price_per_hour;
  try {
    equal(await price(), "0.107");
    const file = await onlyFile(dir);
    const entry = JSON.parse(await Deno.readTextFile(file));

    // A price planted in a file others may write is not quoted.
    entry.value.items[0].price = "0.0001";
    await Deno.writeTextFile(file, JSON.stringify(entry));
    await Deno.chmod(file, 0o666);
    cache.clearMemory();
    equal(await price(), "0.107");
    equal(aws.calls.length, 2, "refetched");

    // A malformed entry (wrong types) is a miss, not a TypeError.
    for (const value of [{ items: [{ price: 5 }], total: "x" }, null, { items: "x" }]) {
      await Deno.remove(file);
      await Deno.writeTextFile(file, JSON.stringify({ ...entry, value }), { mode: 0o600 });
      cache.clearMemory();
      equal(await price(), "0.107");
    }
    equal(aws.calls.length, 5);
  } finally {
    await close();
    setPriceCache(undefined);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("prices fetched through an emulator endpoint are cached apart from real ones", async () => {
  const dir = await Deno.makeTempDir();
  setPriceCache(new PriceCache({ dir }));
  const keys: string[] = [];
  try {
    for (const endpoint of ["http://127.0.0.1:5000", undefined]) {
      const base = stubAws({ pricing: { getProducts: getProductsStub() } }, {
        region: "eu-west-1",
      });
      const aws = {
        ...base,
        scope: (region: string, signal: AbortSignal, role?: string) => ({
          ...base.scope(region, signal, role),
          endpoint,
        }),
      };
      const { client, close } = await connect({}, { aws, inventory: pricingTools });
      try {
        await callOk(client, "ec2_get_ondemand_price", { instance_type: "m5.large" });
      } finally {
        await close();
      }
      equal(base.calls.length, 1, "the emulator's cached price was not served");
      for await (const e of Deno.readDir(`${dir}/pricing`)) {
        if (!keys.includes(e.name)) keys.push(e.name);
      }
    }
    equal(keys.length, 2);
    notEqual(keys[0], keys[1]);
  } finally {
    setPriceCache(undefined);
    await Deno.remove(dir, { recursive: true });
  }
});
