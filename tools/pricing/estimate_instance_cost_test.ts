import { deepEqual, equal, match } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getProductsStub } from "../../tests/_pricing_standin.ts";
import { parseEbsSpec } from "./estimate_instance_cost.ts";
import { pricingTools } from "./mod.ts";

/** Two zones of t3.micro spot history: 0.004 and 0.005, steady. */
function describeSpotPriceHistory(input: { StartTime: Date }) {
  const at = new Date(input.StartTime.getTime() - 3_600_000);
  return {
    SpotPriceHistory: ["0.004000", "0.005000"].map((price, n) => ({
      AvailabilityZone: `eu-west-1${"ab"[n]}`,
      InstanceType: "t3.micro",
      ProductDescription: "Linux/UNIX",
      SpotPrice: price,
      Timestamp: at,
    })),
  };
}

async function server() {
  setPriceCache(new PriceCache({ dir: undefined }));
  const aws = stubAws(
    { pricing: { getProducts: getProductsStub() }, ec2: { describeSpotPriceHistory } },
    { region: "eu-west-1" },
  );
  return { aws, ...await connect({}, { aws, inventory: pricingTools }) };
}

type Estimate = Record<string, unknown> & {
  on_demand: Record<string, string>;
  spot?: Record<string, unknown>;
  ebs?: { monthly: string; lines: Record<string, unknown>[] };
};

Deno.test("ec2_estimate_instance_cost multiplies exactly and rounds once, to cents", async () => {
  const { aws, client, close } = await server();
  try {
    const out = await callOk<Estimate>(client, "ec2_estimate_instance_cost", {
      instance_type: "t3.micro",
      count: 3,
    });
    // 0.0114 × 3 = 0.0342 per hour; × 730 = 24.966 → 24.97.
    deepEqual(out.on_demand, { price_per_hour: "0.0114", hourly: "0.0342", monthly: "24.97" });
    equal(out.monthly_total, "24.97");
    equal(out.hours, 730);
    equal(out.currency, "USD");
    equal(out.spot, undefined);
    equal(aws.calls.length, 1);
    const part = await callOk<Estimate>(client, "ec2_estimate_instance_cost", {
      instance_type: "m5.large",
      hours: 100.5,
    });
    // 0.107 × 100.5 = 10.7535 → 10.75
    equal(part.on_demand.monthly, "10.75");
  } finally {
    await close();
  }
});

Deno.test("ec2_estimate_instance_cost puts spot at its recent average beside on-demand", async () => {
  const { aws, client, close } = await server();
  try {
    const out = await callOk<Estimate>(client, "ec2_estimate_instance_cost", {
      instance_type: "t3.micro",
      count: 10,
      spot: true,
    });
    deepEqual(out.spot, {
      average_price_per_hour: "0.0045",
      hourly: "0.045",
      monthly: "32.85",
      saving_pct: "60.5",
      zones: 2,
    });
    equal(out.on_demand.monthly, "83.22");
    equal(out.monthly_total_spot, "32.85");
    const spotCall = aws.calls.find((c) => c.method === "describeSpotPriceHistory")?.input as {
      StartTime: Date;
      EndTime: Date;
    };
    equal(spotCall.EndTime.getTime() - spotCall.StartTime.getTime(), 7 * 24 * 3_600_000);
    const ubuntu = await callOk<Estimate>(client, "ec2_estimate_instance_cost", {
      instance_type: "t3.micro",
      operating_system: "ubuntu_pro",
      spot: true,
    });
    equal(ubuntu.on_demand.price_per_hour, "0.0149");
    equal(ubuntu.spot, undefined);
    equal(ubuntu.note, "no spot prices for ubuntu_pro");
  } finally {
    await close();
  }
});

Deno.test("ec2_estimate_instance_cost prices gp3 storage, extra IOPS and throughput per volume", async () => {
  const { aws, client, close } = await server();
  try {
    const out = await callOk<Estimate>(client, "ec2_estimate_instance_cost", {
      instance_type: "t3.micro",
      count: 2,
      ebs: "gp3:100:6000:250",
    });
    deepEqual(out.ebs, {
      monthly: "61.60",
      lines: [
        { item: "gp3 storage", quantity: 200, unit: "GB-Mo", rate: "0.088", monthly: "17.60" },
        {
          item: "gp3 IOPS above 3000",
          quantity: 6000,
          unit: "IOPS-Mo",
          rate: "0.0055",
          monthly: "33.00",
        },
        {
          item: "gp3 throughput above 125 MiB/s",
          quantity: 250,
          unit: "MiBps-Mo",
          rate: "0.044",
          monthly: "11.00",
        },
      ],
    });
    // 0.0114 × 2 × 730 = 16.644, + 61.60 = 78.244 → 78.24
    equal(out.monthly_total, "78.24");
    match(String(out.note), /EBS is billed for the whole month/);
    const families = aws.calls.map((c) =>
      (c.input as { Filters: { Field: string; Value: string }[] }).Filters.find((f) =>
        f.Field === "productFamily"
      )?.Value
    );
    deepEqual(families.sort(), [
      "Provisioned Throughput",
      "Storage",
      "System Operation",
      undefined,
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_estimate_instance_cost tiers io2 IOPS at 32,000 and 64,000", async () => {
  const { client, close } = await server();
  try {
    const out = await callOk<Estimate>(client, "ec2_estimate_instance_cost", {
      instance_type: "m5.large",
      ebs: "io2:500:70000",
    });
    deepEqual(out.ebs?.lines.map((l) => [l.item, l.quantity, l.rate, l.monthly]), [
      ["io2 storage", 500, "0.138", "69.00"],
      ["io2 IOPS 1-32000", 32_000, "0.072", "2304.00"],
      ["io2 IOPS 32001-64000", 32_000, "0.0504", "1612.80"],
      ["io2 IOPS above 64000", 6_000, "0.0353", "211.80"],
    ]);
    equal(out.ebs?.monthly, "4197.60");
  } finally {
    await close();
  }
});

Deno.test("ec2_estimate_instance_cost refuses impossible volumes before calling AWS", async () => {
  const { aws, client, close } = await server();
  try {
    const cases: [string, RegExp][] = [
      ["gp2:10:3000", /^InvalidInput: ebs: gp2 has no provisioned IOPS/],
      ["io1:10", /^InvalidInput: ebs: io1 needs its IOPS — e\.g\. io1:100:3000/],
      ["gp3:10:500", /^InvalidInput: ebs: gp3 takes 3000 to 80000 IOPS/],
      ["st1:500::250", /^InvalidInput: ebs: only gp3 takes a throughput/],
      ["gp3:10::100", /^InvalidInput: ebs: only gp3 takes a throughput, 125 to 2000/],
      ["gp4:10", /^InvalidInput: ebs: expected type:GiB\[:iops\[:MiBps\]\] such as gp3:100/],
      ["gp3", /^InvalidInput: ebs: expected type:GiB/],
      ["gp3:0", /^InvalidInput: ebs: the size must be at least 1 GiB/],
    ];
    for (const [ebs, expected] of cases) {
      const result = await call(client, "ec2_estimate_instance_cost", {
        instance_type: "t3.micro",
        ebs,
      });
      equal(result.isError, true);
      match(text(result), expected);
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("parseEbsSpec reads type, size and the optional IOPS and throughput", () => {
  deepEqual(parseEbsSpec("gp3:100"), { volume_type: "gp3", size_gib: 100 });
  deepEqual(parseEbsSpec("gp3:100::250"), {
    volume_type: "gp3",
    size_gib: 100,
    throughput_mibps: 250,
  });
  deepEqual(parseEbsSpec("io2:500:20000"), { volume_type: "io2", size_gib: 500, iops: 20000 });
  deepEqual(parseEbsSpec("gp3:1:3000:125"), {
    volume_type: "gp3",
    size_gib: 1,
    iops: 3000,
    throughput_mibps: 125,
  });
});
