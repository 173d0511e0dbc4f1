import { deepEqual, equal, match } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getProductsStub } from "../../tests/_pricing_standin.ts";
import { pricingTools } from "./mod.ts";

/** The pricing tools over a stubbed Price List, with a fresh memory-only price cache. */
async function server() {
  setPriceCache(new PriceCache({ dir: undefined }));
  const aws = stubAws({ pricing: { getProducts: getProductsStub() } }, { region: "eu-west-1" });
  return { aws, ...await connect({}, { aws, inventory: pricingTools }) };
}

Deno.test("ec2_get_ondemand_price returns the hourly price, size, SKU and a 730 h month", async () => {
  const { aws, client, close } = await server();
  try {
    const out = await callOk(client, "ec2_get_ondemand_price", {
      instance_type: "m5.large",
      region: "eu-west-1",
    });
    equal(out.account, "123456789012");
    equal(out.region, "eu-west-1");
    deepEqual({ ...out, sku: "-" }, {
      account: "123456789012",
      region: "eu-west-1",
      instance_type: "m5.large",
      operating_system: "Linux",
      pre_installed_sw: "NA",
      currency: "USD",
      unit: "Hrs",
      price_per_hour: "0.107",
      monthly: "78.11",
      vcpu: 2,
      memory_gib: 8,
      sku: "-",
      effective_date: "2026-11-01T00:00:00Z",
    });
    equal(aws.calls.length, 1);
    equal(aws.calls[0]?.service, "pricing");
    equal(aws.calls[0]?.method, "getProducts");
  } finally {
    await close();
  }
});

Deno.test("ec2_get_ondemand_price prices Windows with SQL Server apart from Linux", async () => {
  const { aws, client, close } = await server();
  try {
    const windows = await callOk(client, "ec2_get_ondemand_price", {
      instance_type: "t3.micro",
      operating_system: "windows",
      sql: "standard",
      region: "eu-west-1",
    });
    equal(windows.price_per_hour, "0.1534");
    equal(windows.pre_installed_sw, "SQL Std");
    const filters =
      (aws.calls[0]?.input as { Filters: { Field: string; Value: string }[] }).Filters;
    deepEqual(
      Object.fromEntries(filters.map((f) => [f.Field, f.Value])),
      {
        regionCode: "eu-west-1",
        instanceType: "t3.micro",
        operatingSystem: "Windows",
        tenancy: "Shared",
        capacitystatus: "Used",
        preInstalledSw: "SQL Std",
        licenseModel: "No License required",
      },
    );
  } finally {
    await close();
  }
});

Deno.test("ec2_get_ondemand_price says clearly when no product or several match", async () => {
  const { client, close } = await server();
  try {
    const none = await call(client, "ec2_get_ondemand_price", {
      instance_type: "m9.huge",
      region: "eu-west-1",
    });
    equal(none.isError, true);
    equal(
      text(none),
      "PriceNotFound: no on-demand price for m9.huge Linux in eu-west-1: the type is not offered there — check the type with ec2_describe_instance_types, or try another region",
    );
    const several = await call(client, "ec2_get_ondemand_price", {
      instance_type: "c5.large",
      region: "eu-west-1",
    });
    equal(several.isError, true);
    match(
      text(several),
      /^AmbiguousPrice: 2 price-list products match c5\.large Linux in eu-west-1/,
    );
    const region = await call(client, "ec2_get_ondemand_price", {
      instance_type: "t3.micro",
      region: "mx-central-1",
    });
    match(text(region), /^PriceNotFound: the price list has no EC2 prices for region mx-central-1/);
    const bad = await call(client, "ec2_get_ondemand_price", { instance_type: "large" });
    match(text(bad), /^InvalidInput: instance_type: expected an instance type like m7g\.large/);
    const os = await call(client, "ec2_get_ondemand_price", {
      instance_type: "t3.micro",
      operating_system: "beos",
    });
    match(text(os), /^InvalidInput: operating_system: Invalid option/);
  } finally {
    await close();
  }
});

Deno.test("ec2_get_ondemand_price answers a repeated question from the cache", async () => {
  const { aws, client, close } = await server();
  try {
    const args = { instance_type: "t3.small", region: "eu-west-1" };
    const first = await callOk(client, "ec2_get_ondemand_price", args);
    const second = await callOk(client, "ec2_get_ondemand_price", args);
    deepEqual(second, first);
    equal(aws.calls.filter((c) => c.service === "pricing").length, 1);
  } finally {
    await close();
  }
});
