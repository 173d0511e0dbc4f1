import { deepEqual, equal, match } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { pricingTools } from "../../tools/pricing/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { samplePriceList, startPricingStandIn } from "../_pricing_standin.ts";

// Read-only against moto's spot history in il-central-1; prices from the stand-in.
const REGION = "il-central-1";

motoTest(
  "ec2_estimate_instance_cost puts on-demand, spot and EBS side by side",
  async (endpoint, t) => {
    setPriceCache(new PriceCache({ dir: undefined }));
    const standIn = startPricingStandIn(samplePriceList(), { forwardTo: endpoint });
    const { client, close } = await connectMoto(standIn.url, REGION, {}, {
      inventory: pricingTools,
    });
    try {
      await t.step("two m5.large with spot and a gp3 volume each", async () => {
        const out = await callOk<Record<string, unknown>>(client, "ec2_estimate_instance_cost", {
          instance_type: "m5.large",
          count: 2,
          spot: true,
          ebs: "gp3:50:4000",
        });
        deepEqual(out.on_demand, { price_per_hour: "0.116", hourly: "0.232", monthly: "169.36" });
        // moto's spot price is 0.00001 in each of the three zones.
        deepEqual(out.spot, {
          average_price_per_hour: "0.00001",
          hourly: "0.00002",
          monthly: "0.01",
          saving_pct: "100.0",
          zones: 3,
        });
        // 100 GB × 0.096 = 9.60; 2 × 1000 IOPS × 0.006 = 12.00
        equal((out.ebs as { monthly: string }).monthly, "21.60");
        equal(out.monthly_total, "190.96");
        // 0.0146 + 21.60 = 21.6146 → 21.61
        equal(out.monthly_total_spot, "21.61");
        equal(standIn.getProducts.length, 3);
      });

      await t.step("an unknown type names the type and where to check it", async () => {
        const result = await call(client, "ec2_estimate_instance_cost", {
          instance_type: "m9.huge",
          spot: true,
        });
        equal(result.isError, true);
        match(
          text(result),
          /^PriceNotFound: no on-demand price for m9\.huge Linux in il-central-1/,
        );
      });
    } finally {
      await close();
      await standIn.close();
    }
  },
);
