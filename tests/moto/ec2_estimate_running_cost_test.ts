import { deepEqual, equal } from "node:assert/strict";
import { PriceCache, setPriceCache } from "../../aws/price_cache.ts";
import { pricingTools } from "../../tools/pricing/mod.ts";
import { callOk, connectMoto, motoEc2, motoLaunch, motoTest } from "../_helpers.ts";
import { samplePriceList, startPricingStandIn } from "../_pricing_standin.ts";

// This file owns ca-west-1 and tags what it launches with its own run id.
const REGION = "ca-west-1";
const RUN = { run: crypto.randomUUID() };

interface Cost {
  instances: number;
  hourly: string;
  monthly: string;
  groups: Record<string, unknown>[];
  unpriced?: unknown[];
}

motoTest("ec2_estimate_running_cost prices moto's running instances", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  // motoImageId may hand out a Windows AMI (moto's first x86_64 image is one): pick both here.
  const images = (await ec2.describeImages({ Owners: ["amazon"] })).Images ?? [];
  const isWindows = (i: { Platform?: string | undefined }) =>
    i.Platform?.toLowerCase() === "windows";
  const linux = images.find((i) => i.Architecture === "x86_64" && !isWindows(i))?.ImageId;
  const windows = images.find(isWindows)?.ImageId;
  if (!linux || !windows) throw new Error("moto has no Linux or no Windows image");
  const run = (image: string, type: "t3.micro" | "m5.large", count: number, SubnetId?: string) =>
    motoLaunch(ec2, { image, type, count, tags: RUN, ...(SubnetId ? { SubnetId } : {}) });
  await run(linux, "t3.micro", 3);
  await run(windows, "m5.large", 2);
  const [stopped] = await run(linux, "t3.micro", 1);
  await ec2.stopInstances({ InstanceIds: [stopped as string] });
  const vpc = (await ec2.createVpc({ CidrBlock: "10.42.0.0/16" })).Vpc?.VpcId as string;
  const subnet = (await ec2.createSubnet({ VpcId: vpc, CidrBlock: "10.42.1.0/24" })).Subnet
    ?.SubnetId as string;
  await run(linux, "t3.micro", 1, subnet);

  setPriceCache(new PriceCache({ dir: undefined }));
  const standIn = startPricingStandIn(samplePriceList(), { forwardTo: endpoint });
  const { client, close } = await connectMoto(standIn.url, REGION, {}, {
    inventory: pricingTools,
  });
  try {
    await t.step("running instances of this run, by type and platform", async () => {
      const out = await callOk<Cost>(client, "ec2_estimate_running_cost", { tags: RUN });
      equal(out.instances, 6);
      // moto leaves PlatformDetails out: the platform comes from Platform ("windows") or Linux.
      deepEqual(out.groups, [
        {
          instance_type: "m5.large",
          platform: "Windows",
          count: 2,
          price_per_hour: "0.199",
          hourly: "0.398",
          monthly: "290.54",
        },
        {
          instance_type: "t3.micro",
          platform: "Linux/UNIX",
          count: 4,
          price_per_hour: "0.0116",
          hourly: "0.0464",
          monthly: "33.87",
        },
      ]);
      equal(out.hourly, "0.4444");
      equal(out.monthly, "324.41");
      equal(out.unpriced, undefined);
    });

    await t.step(
      "a VPC filter keeps only that VPC's instances; prices come from the cache",
      async () => {
        const before = standIn.getProducts.length;
        const out = await callOk<Cost>(client, "ec2_estimate_running_cost", {
          tags: RUN,
          vpc_id: vpc,
        });
        equal(out.instances, 1);
        equal(out.monthly, "8.47");
        equal(standIn.getProducts.length, before);
      },
    );
  } finally {
    await close();
    await standIn.close();
  }
});
