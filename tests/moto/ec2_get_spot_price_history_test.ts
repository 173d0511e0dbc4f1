import { deepEqual, equal, ok } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { pricingTools } from "../../tools/pricing/mod.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";
import { samplePriceList, startPricingStandIn } from "../_pricing_standin.ts";

// moto has spot price history (one fixed point per type and zone) but no Pricing API: the
// stand-in answers GetProducts and forwards EC2 to moto. This file owns il-central-1 (read-only).
const REGION = "il-central-1";

interface History {
  zones: {
    instance_type: string;
    zone: string;
    latest: string;
    latest_at: string;
    average: string;
    min: string;
    max: string;
    saving_pct?: string;
  }[];
  on_demand: { instance_type: string; price_per_hour: string }[];
  note?: string;
  region: string;
}

motoTest("ec2_get_spot_price_history reads moto's spot history per zone", async (endpoint, t) => {
  setPriceCache(new PriceCache({ dir: undefined }));
  const standIn = startPricingStandIn(samplePriceList(), { forwardTo: endpoint });
  const { client, close } = await connectMoto(standIn.url, REGION, {}, {
    inventory: pricingTools,
  });
  try {
    await t.step("every zone of both types, with the saving against on-demand", async () => {
      const out = await callOk<History>(client, "ec2_get_spot_price_history", {
        instance_types: ["t3.micro", "m5.large"],
      });
      equal(out.region, REGION);
      deepEqual(
        out.zones.map((z) => `${z.instance_type} ${z.zone}`),
        [
          "m5.large il-central-1a",
          "m5.large il-central-1b",
          "m5.large il-central-1c",
          "t3.micro il-central-1a",
          "t3.micro il-central-1b",
          "t3.micro il-central-1c",
        ],
      );
      for (const z of out.zones) {
        // moto answers one fixed price from 2006: the price in effect over the whole window.
        deepEqual([z.latest, z.min, z.max, z.average], [
          "0.00001",
          "0.00001",
          "0.00001",
          "0.00001",
        ]);
        equal(z.latest_at, "2006-01-02T15:04:05.000Z");
      }
      equal(out.zones.find((z) => z.instance_type === "t3.micro")?.saving_pct, "99.9");
      deepEqual(out.on_demand, [
        { instance_type: "t3.micro", price_per_hour: "0.0125" },
        { instance_type: "m5.large", price_per_hour: "0.116" },
      ]);
      equal(standIn.getProducts.length, 2);
      ok(standIn.forwarded >= 1);
    });

    await t.step("one zone only, and on-demand prices come from the cache", async () => {
      const out = await callOk<History>(client, "ec2_get_spot_price_history", {
        instance_types: ["t3.micro"],
        zone: "il-central-1b",
      });
      deepEqual(out.zones.map((z) => z.zone), ["il-central-1b"]);
      equal(standIn.getProducts.length, 2);
    });

    await t.step("Windows: moto labels every price Linux/UNIX, so none is Windows", async () => {
      const out = await callOk<History>(client, "ec2_get_spot_price_history", {
        instance_types: ["t3.micro"],
        operating_system: "windows",
      });
      deepEqual(out.zones, []);
      ok(out.note?.startsWith("no spot prices for t3.micro in this window"));
    });
  } finally {
    await close();
    await standIn.close();
  }
});
