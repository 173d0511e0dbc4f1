import { deepEqual, equal, match, ok } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getProductsStub } from "../../tests/_pricing_standin.ts";
import { pricingTools } from "./mod.ts";

async function server(getProducts: (input: never) => unknown = getProductsStub()) {
  setPriceCache(new PriceCache({ dir: undefined }));
  const aws = stubAws({ pricing: { getProducts } }, { region: "eu-west-1" });
  return { aws, ...await connect({}, { aws, inventory: pricingTools }) };
}

interface Table {
  prices: Record<string, unknown>[];
  filtered_out: number;
  unpriced?: Record<string, string>[];
}

Deno.test("ec2_compare_instance_prices answers 'cheapest type with at least 8 GiB'", async () => {
  const { client, close } = await server();
  try {
    const out = await callOk<Table>(client, "ec2_compare_instance_prices", {
      instance_types: ["r5.large", "t3.micro", "m5.xlarge", "t3.small", "m5.large", "m9.huge"],
      min_memory_gib: 8,
    });
    deepEqual(out.prices, [
      {
        instance_type: "m5.large",
        region: "eu-west-1",
        price_per_hour: "0.107",
        monthly: "78.11",
        vcpu: 2,
        memory_gib: 8,
      },
      {
        instance_type: "r5.large",
        region: "eu-west-1",
        price_per_hour: "0.141",
        monthly: "102.93",
        vcpu: 2,
        memory_gib: 16,
      },
      {
        instance_type: "m5.xlarge",
        region: "eu-west-1",
        price_per_hour: "0.214",
        monthly: "156.22",
        vcpu: 4,
        memory_gib: 16,
      },
    ]);
    equal(out.filtered_out, 2);
    equal(out.unpriced?.length, 1);
    equal(out.unpriced?.[0]?.instance_type, "m9.huge");
    match(out.unpriced?.[0]?.reason ?? "", /^PriceNotFound: /);
    const cpu = await callOk<Table>(client, "ec2_compare_instance_prices", {
      instance_types: ["r5.large", "m5.xlarge", "x2iedn.32xlarge"],
      min_vcpu: 4,
    });
    deepEqual(cpu.prices.map((p) => [p.instance_type, p.memory_gib]), [
      ["m5.xlarge", 16],
      ["x2iedn.32xlarge", 4096],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_compare_instance_prices compares one type across regions, cheapest first", async () => {
  const { client, close } = await server();
  try {
    const out = await callOk<Table>(client, "ec2_compare_instance_prices", {
      instance_types: ["t3.micro"],
      regions: ["il-central-1", "ca-west-1", "eu-west-1", "mx-central-1"],
    });
    deepEqual(out.prices.map((p) => [p.region, p.price_per_hour]), [
      ["eu-west-1", "0.0114"],
      ["ca-west-1", "0.0116"],
      ["il-central-1", "0.0125"],
    ]);
    equal(out.unpriced?.[0]?.region, "mx-central-1");
    const bad = await call(client, "ec2_compare_instance_prices", {
      instance_types: ["t3.micro"],
      regions: ["mars-north-1"],
    });
    match(text(bad), /^InvalidInput: regions\.0: unknown region "mars-north-1"/);
  } finally {
    await close();
  }
});

Deno.test("ec2_compare_instance_prices runs its lookups concurrently, at most four at a time", async () => {
  const answer = getProductsStub();
  let running = 0;
  let peak = 0;
  const slow = async (input: never) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, 15));
    running--;
    return answer(input);
  };
  const { aws, client, close } = await server(slow);
  try {
    const started = performance.now();
    const out = await callOk<Table>(client, "ec2_compare_instance_prices", {
      instance_types: ["t3.micro", "t3.small", "m5.large", "m5.xlarge", "r5.large"],
      regions: ["eu-west-1", "ca-west-1"],
    });
    const elapsed = performance.now() - started;
    equal(out.prices.length + (out.unpriced?.length ?? 0), 10);
    equal(peak, 4);
    ok(aws.calls.length >= 10);
    ok(elapsed < aws.calls.length * 15, `concurrent: ${elapsed} ms for ${aws.calls.length} calls`);
  } finally {
    await close();
  }
});

Deno.test("ec2_compare_instance_prices refuses more than 60 type × region pairs", async () => {
  const { aws, client, close } = await server();
  try {
    const types = Array.from({ length: 30 }, (_, n) => `m5.x${n}`);
    const result = await call(client, "ec2_compare_instance_prices", {
      instance_types: types,
      regions: ["eu-west-1", "ca-west-1", "il-central-1"],
    });
    equal(
      text(result),
      "InvalidInput: instance_types × regions: 90 pairs, at most 60 — narrow the types or the regions",
    );
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
