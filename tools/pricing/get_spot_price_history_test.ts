import { deepEqual, equal, match, ok } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getProductsStub } from "../../tests/_pricing_standin.ts";
import { summarise } from "./_spot.ts";
import { pricingTools } from "./mod.ts";

const HOUR = 3_600_000;

interface SpotInput {
  StartTime: Date;
  EndTime: Date;
  NextToken?: string;
  InstanceTypes: string[];
  ProductDescriptions: string[];
}

/** Spot history relative to the window asked for: m5.large moves in zone a, stays put in b. */
function describeSpotPriceHistory(input: SpotInput) {
  const start = input.StartTime.getTime();
  const at = (offsetHours: number) => new Date(start + offsetHours * HOUR);
  const row = (zone: string, price: string, time: Date, product = "Linux/UNIX") => ({
    AvailabilityZone: zone,
    InstanceType: "m5.large",
    ProductDescription: product,
    SpotPrice: price,
    Timestamp: time,
  });
  if (!input.NextToken) {
    return {
      SpotPriceHistory: [
        row("eu-west-1a", "0.050000", at(6)),
        row("eu-west-1a", "0.040000", at(-2)),
        row("eu-west-1a", "0.090000", at(-30)), // superseded before the window opened
      ],
      NextToken: "page-2",
    };
  }
  return {
    SpotPriceHistory: [
      row("eu-west-1b", "0.030000", at(-100)),
      row("eu-west-1b", "0.990000", at(3), "Windows"), // another product: not ours
    ],
    NextToken: "",
  };
}

async function server(pricing: Record<string, unknown> = { getProducts: getProductsStub() }) {
  setPriceCache(new PriceCache({ dir: undefined }));
  const aws = stubAws({ ec2: { describeSpotPriceHistory }, pricing }, { region: "eu-west-1" });
  return { aws, ...await connect({}, { aws, inventory: pricingTools }) };
}

Deno.test("ec2_get_spot_price_history summarises each zone over the window, cheapest first", async () => {
  const { aws, client, close } = await server();
  try {
    const out = await callOk<{
      zones: Record<string, unknown>[];
      on_demand: unknown[];
      window_start: string;
      window_end: string;
    }>(client, "ec2_get_spot_price_history", {
      instance_types: ["m5.large"],
      region: "eu-west-1",
    });
    const hours = (Date.parse(out.window_end) - Date.parse(out.window_start)) / HOUR;
    equal(hours, 24);
    // Zone a: 0.04 for the first 6 h, then 0.05 for 18 h → 0.0475 time-weighted.
    deepEqual(out.zones.map((z) => ({ ...z, latest_at: typeof z.latest_at })), [
      {
        instance_type: "m5.large",
        zone: "eu-west-1b",
        latest: "0.03",
        latest_at: "string",
        min: "0.03",
        max: "0.03",
        average: "0.03",
        points: 1,
        saving_pct: "72.0",
      },
      {
        instance_type: "m5.large",
        zone: "eu-west-1a",
        latest: "0.05",
        latest_at: "string",
        min: "0.04",
        max: "0.05",
        average: "0.0475",
        points: 2,
        saving_pct: "55.6",
      },
    ]);
    deepEqual(out.on_demand, [{ instance_type: "m5.large", price_per_hour: "0.107" }]);
    const spotCalls = aws.calls.filter((c) => c.method === "describeSpotPriceHistory");
    deepEqual(spotCalls.map((c) => (c.input as SpotInput).NextToken), [undefined, "page-2"]);
    const first = spotCalls[0]?.input as SpotInput & { MaxResults: number };
    deepEqual(first.ProductDescriptions, ["Linux/UNIX", "Linux/UNIX (Amazon VPC)"]);
    deepEqual(first.InstanceTypes, ["m5.large"]);
    equal(first.MaxResults, 1000);
    equal(first.EndTime.getTime() - first.StartTime.getTime(), 24 * HOUR);
  } finally {
    await close();
  }
});

Deno.test("ec2_get_spot_price_history leaves the saving out when on-demand is unknown", async () => {
  const denied = () => {
    throw Object.assign(new Error("not allowed"), { name: "AccessDeniedException" });
  };
  const { client, close } = await server({ getProducts: denied });
  try {
    const out = await callOk<{ zones: Record<string, unknown>[]; on_demand: unknown[] }>(
      client,
      "ec2_get_spot_price_history",
      { instance_types: ["m5.large", "t3.micro"], hours: 48 },
    );
    equal(out.zones.length, 2);
    ok(out.zones.every((z) => !("saving_pct" in z)));
    deepEqual(out.on_demand, []);
    equal(
      (out as { note?: string }).note,
      "no spot prices for t3.micro in this window; on-demand price unknown (m5.large: AccessDeniedException, t3.micro: AccessDeniedException)",
    );
  } finally {
    await close();
  }
});

Deno.test("ec2_get_spot_price_history refuses an OS spot does not price and an over-long window", async () => {
  const { client, close } = await server();
  try {
    const os = await call(client, "ec2_get_spot_price_history", {
      instance_types: ["m5.large"],
      operating_system: "ubuntu_pro",
    });
    match(text(os), /^InvalidInput: operating_system: Invalid option/);
    const window = await call(client, "ec2_get_spot_price_history", {
      instance_types: ["m5.large"],
      hours: 5000,
    });
    match(text(window), /^InvalidInput: hours: Too big/);
  } finally {
    await close();
  }
});

Deno.test("summarise weights each price by how long it held inside the window", () => {
  const start = new Date("2026-01-01T00:00:00Z");
  const end = new Date("2026-01-01T10:00:00Z");
  const p = (price: string, iso: string) => ({
    AvailabilityZone: "z",
    InstanceType: "t3.micro" as const,
    SpotPrice: price,
    Timestamp: new Date(iso),
  });
  const zone = summarise(
    [
      p("0.1", "2026-01-01T09:00:00Z"),
      p("0.2", "2026-01-01T01:00:00Z"),
      p("0.3", "2026-01-01T00:00:00Z"),
    ],
    start,
    end,
  );
  // 0.3 × 1 h + 0.2 × 8 h + 0.1 × 1 h = 2.0 over 10 h.
  equal(zone?.average.units, 2n);
  equal(zone?.average.scale, 1);
  equal(zone?.points, 3);
  equal(summarise([], start, end), undefined);
});
