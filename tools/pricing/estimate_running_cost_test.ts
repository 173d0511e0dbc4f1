import { deepEqual, equal } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { getProductsStub } from "../../tests/_pricing_standin.ts";
import { billingOf } from "./estimate_running_cost.ts";
import { pricingTools } from "./mod.ts";

let n = 0;
function instance(type: string, extra: Record<string, unknown> = {}) {
  return {
    InstanceId: `i-${(n++).toString(16).padStart(17, "0")}`,
    InstanceType: type,
    State: { Name: "running" },
    PlatformDetails: "Linux/UNIX",
    Placement: { AvailabilityZone: "eu-west-1a", Tenancy: "default" },
    ...extra,
  };
}

const INSTANCES = [
  instance("t3.micro"),
  instance("t3.micro"),
  instance("t3.micro", { InstanceLifecycle: "spot" }),
  instance("m5.large", { PlatformDetails: "Windows" }),
  instance("t3.micro", { PlatformDetails: "Windows with SQL Server Standard" }),
  instance("m5.large", { Placement: { Tenancy: "dedicated" } }),
  instance("m5.large", { Placement: { Tenancy: "host" } }),
  instance("t3.micro", { PlatformDetails: "Windows BYOL" }),
  instance("m9.huge"),
];

async function server() {
  setPriceCache(new PriceCache({ dir: undefined }));
  const pages: Record<string, unknown> = {
    "": { Reservations: [{ Instances: INSTANCES.slice(0, 4) }], NextToken: "next" },
    next: { Reservations: [{ Instances: INSTANCES.slice(4) }] },
  };
  const aws = stubAws({
    ec2: { describeInstances: (input: { NextToken?: string }) => pages[input.NextToken ?? ""] },
    pricing: { getProducts: getProductsStub() },
  }, { region: "eu-west-1" });
  return { aws, ...await connect({}, { aws, inventory: pricingTools }) };
}

Deno.test("billingOf reads the operating system and SQL edition from PlatformDetails", () => {
  const cases: [Record<string, string | undefined>, unknown][] = [
    [{ PlatformDetails: "Linux/UNIX" }, { os: "linux", sql: "none" }],
    [{ PlatformDetails: "Windows" }, { os: "windows", sql: "none" }],
    [{ PlatformDetails: "Red Hat Enterprise Linux" }, { os: "rhel", sql: "none" }],
    [{ PlatformDetails: "Red Hat Enterprise Linux with HA" }, { os: "rhel_ha", sql: "none" }],
    [{ PlatformDetails: "SUSE Linux" }, { os: "suse", sql: "none" }],
    [{ PlatformDetails: "Ubuntu Pro" }, { os: "ubuntu_pro", sql: "none" }],
    [{ PlatformDetails: "Windows with SQL Server Web" }, { os: "windows", sql: "web" }],
    [{ PlatformDetails: "Linux with SQL Server Enterprise" }, { os: "linux", sql: "enterprise" }],
    [{ PlatformDetails: "Red Hat BYOL Linux" }, { os: "linux", sql: "none" }],
    [{ PlatformDetails: "Windows BYOL" }, undefined],
    [{ PlatformDetails: "Red Hat Enterprise Linux with SQL Server Standard and HA" }, undefined],
    // moto, and old API answers, leave PlatformDetails out: Platform says windows or nothing.
    [{ Platform: "windows" }, { os: "windows", sql: "none" }],
    [{}, { os: "linux", sql: "none" }],
  ];
  for (const [i, expected] of cases) deepEqual(billingOf(i as never), expected, JSON.stringify(i));
});

Deno.test("ec2_estimate_running_cost groups running instances by type and platform, costliest first", async () => {
  const { aws, client, close } = await server();
  try {
    const out = await callOk<Record<string, unknown>>(client, "ec2_estimate_running_cost", {
      tags: { team: "web" },
      vpc_id: "vpc-0123456789abcdef0",
    });
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "instance-state-name", Values: ["running"] },
        { Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] },
        { Name: "tag:team", Values: ["web"] },
      ],
      MaxResults: 1000,
    });
    equal(out.instances, 9);
    deepEqual(
      out.groups,
      [
        {
          instance_type: "m5.large",
          platform: "Windows",
          count: 1,
          price_per_hour: "0.199",
          hourly: "0.199",
          monthly: "145.27",
        },
        {
          instance_type: "t3.micro",
          platform: "Windows with SQL Server Standard",
          count: 1,
          price_per_hour: "0.1534",
          hourly: "0.1534",
          monthly: "111.98",
        },
        {
          // The dedicated-tenancy product, which the stand-in prices one dollar above shared.
          instance_type: "m5.large",
          platform: "Linux/UNIX (dedicated)",
          count: 1,
          price_per_hour: "1.107",
          hourly: "1.107",
          monthly: "808.11",
        },
        {
          instance_type: "t3.micro",
          platform: "Linux/UNIX",
          count: 3,
          spot_count: 1,
          price_per_hour: "0.0114",
          hourly: "0.0342",
          monthly: "24.97",
        },
      ].sort((a, b) => Number(b.hourly) - Number(a.hourly)),
    );
    // 0.199 + 0.1534 + 1.107 + 0.0342 = 1.4936 per hour; × 730 = 1090.328
    equal(out.hourly, "1.4936");
    equal(out.monthly, "1090.33");
    deepEqual(
      (out.unpriced as { instance_type: string; reason: string }[]).map((u) => [
        u.instance_type,
        u.reason.split(":")[0],
      ]),
      [
        ["m5.large", "runs on a Dedicated Host, which is billed per host"],
        ["t3.micro", "no list price for platform Windows BYOL"],
        ["m9.huge", "PriceNotFound"],
      ],
    );
    equal(out.note, "1 spot instance(s) priced at on-demand rates (an upper bound)");
    const tenancy = aws.calls.filter((c) => c.service === "pricing").map((c) =>
      (c.input as { Filters: { Field: string; Value: string }[] }).Filters.find((f) =>
        f.Field === "tenancy"
      )?.Value
    );
    equal(tenancy.filter((t) => t === "Dedicated").length, 1);
  } finally {
    await close();
  }
});

Deno.test("ec2_estimate_running_cost with nothing running costs zero", async () => {
  setPriceCache(new PriceCache({ dir: undefined }));
  const aws = stubAws({ ec2: { describeInstances: () => ({ Reservations: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: pricingTools });
  try {
    const out = await callOk(client, "ec2_estimate_running_cost", {});
    deepEqual(
      { ...out, account: undefined },
      {
        account: undefined,
        region: "us-east-1",
        instances: 0,
        hourly: "0.00",
        monthly: "0.00",
        groups: [],
      },
    );
  } finally {
    await close();
  }
});
