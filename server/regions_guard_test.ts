import { deepEqual, equal, ok, rejects } from "node:assert/strict";
import { z } from "zod";
import { PriceCache, setPriceCache } from "../aws/price_cache.ts";
import { priceRegionSchema, regionFields, regionSchema } from "../schemas/region.ts";
import { call, callOk, connect, stubAws, text } from "../tests/_helpers.ts";
import { getProductsStub } from "../tests/_pricing_standin.ts";
import { copySnapshot } from "../tools/ebs/copy_snapshot.ts";
import { pricingTools } from "../tools/pricing/mod.ts";
import { defaultConfig } from "./config.ts";
import { guardScope } from "./regions_guard.ts";
import { assertDefaultRegionAllowed, StartError } from "./start_checks.ts";

Deno.test("region-typed fields are found however they are wrapped; price regions are not", () => {
  const schema = z.object({
    a: regionSchema.describe("described"),
    b: regionSchema.optional().describe("optional"),
    c: z.array(regionSchema).min(1),
    d: z.object({ e: regionSchema.default("us-east-1") }),
    p: priceRegionSchema,
    s: z.string(),
  });
  const input = {
    a: "eu-west-1",
    b: "eu-west-2",
    c: ["eu-west-3"],
    d: { e: "us-east-2" },
    p: "ap-south-1",
    s: "x",
  };
  deepEqual(regionFields(schema, input), [
    { path: "a", region: "eu-west-1" },
    { path: "b", region: "eu-west-2" },
    { path: "c[0]", region: "eu-west-3" },
    { path: "d.e", region: "us-east-2" },
  ]);
});

Deno.test("a region field outside --regions is refused before any AWS call", async () => {
  const aws = stubAws({}, { region: "us-east-1" });
  const { client, close } = await connect({ allowWrite: true, regions: ["us-east-1"] }, {
    aws,
    inventory: [copySnapshot],
  });
  try {
    const refused = await call(client, "ebs_copy_snapshot", {
      source_snapshot_id: "snap-0123456789abcdef0",
      source_region: "eu-west-1",
    });
    equal(
      text(refused),
      "RegionNotAllowed: source_region: region eu-west-1 is outside this server's allowlist — use one of: us-east-1",
    );
    deepEqual(aws.calls, []);
  } finally {
    await close();
  }
});

Deno.test("pricing tools may price any region; their identity lookup stays in the list", async () => {
  setPriceCache(new PriceCache({ dir: undefined }));
  const scopes: string[] = [];
  const base = stubAws({ pricing: { getProducts: getProductsStub() } }, { region: "us-east-1" });
  const aws = {
    ...base,
    scope: (region: string, signal: AbortSignal, role?: string) => {
      scopes.push(region);
      return base.scope(region, signal, role);
    },
  };
  const { client, close } = await connect({ regions: ["us-east-1"] }, {
    aws,
    inventory: pricingTools,
  });
  try {
    const out = await callOk(client, "ec2_get_ondemand_price", {
      instance_type: "m5.large",
      region: "eu-west-1",
    });
    equal(out.price_per_hour, "0.107");
    deepEqual(base.calls.map((c) => c.service), ["pricing"]);
    ok(scopes.includes("us-east-1"), "who is asking is looked up in the allowed region");
    const refused = await call(client, "ec2_estimate_running_cost", { region: "eu-west-1" });
    equal(refused.isError, true);
    deepEqual(base.calls.map((c) => c.service), ["pricing"], "no call for the refused one");
  } finally {
    await close();
    setPriceCache(undefined);
  }
});

Deno.test("a handler's client in another region outside the list is refused; global services pass", async () => {
  const scope = stubAws({}).scope("us-east-1", new AbortController().signal);
  const guarded = guardScope(scope, ["us-east-1"]);
  await rejects(
    guarded.client("ec2", "eu-west-1"),
    /RegionNotAllowed|outside this server's allowlist/,
  );
  await guarded.client("ec2");
  await guarded.client("pricing", "us-east-1");
  await guarded.client("pricing", "eu-central-1");
});

Deno.test("the server refuses to start when the default region is outside --regions", async () => {
  const config = { ...defaultConfig(), regions: ["us-east-1"] };
  await rejects(
    assertDefaultRegionAllowed(config, () => Promise.resolve("eu-west-1")),
    (err) =>
      err instanceof StartError &&
      /default region eu-west-1 .* outside --regions us-east-1/.test(err.message),
  );
  await assertDefaultRegionAllowed(config, () => Promise.resolve("us-east-1"));
  await assertDefaultRegionAllowed(config, () => Promise.reject(new Error("no region")));
  await assertDefaultRegionAllowed(defaultConfig(), () => Promise.resolve("eu-west-1"));
});
