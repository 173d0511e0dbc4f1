import { deepEqual, equal, ok } from "node:assert/strict";
import { getDefaultSubnets } from "../../tools/vpc/get_default_subnets.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: ap-northeast-2 is shared with other VPC test files, which never touch
// the default VPC; the expected subnets come from the bare SDK.
const REGION = "ap-northeast-2";

interface Result {
  region: string;
  vpc_id?: string;
  subnets: { id: string; vpc_id?: string; zone?: string; default_for_az: boolean }[];
  note?: string;
}

motoTest(
  "vpc_get_default_subnets returns the default VPC's default subnets by zone",
  async (endpoint) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const defaults = await ec2.describeVpcs({
      Filters: [{ Name: "is-default", Values: ["true"] }],
    });
    const defaultVpc = defaults.Vpcs?.[0]?.VpcId as string;
    ok(defaultVpc, "moto makes a default VPC per region");
    const expected = await ec2.describeSubnets({
      Filters: [{ Name: "vpc-id", Values: [defaultVpc] }, {
        Name: "default-for-az",
        Values: ["true"],
      }],
    });
    const byZone = (expected.Subnets ?? [])
      .map((s) => [s.AvailabilityZone as string, s.SubnetId as string] as const)
      .sort(([a], [b]) => a < b ? -1 : 1);
    ok(byZone.length > 1);

    // moto marks the first subnet created by zone id as default-for-AZ even outside the default
    // VPC; the tool must not return it.
    const other = await ec2.createVpc({
      CidrBlock: "10.50.0.0/16",
      TagSpecifications: tagSpecs("vpc", { run: crypto.randomUUID() }),
    });
    const stray = await ec2.createSubnet({
      VpcId: other.Vpc?.VpcId as string,
      CidrBlock: "10.50.1.0/24",
      AvailabilityZoneId: "apne2-az1",
    });

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getDefaultSubnets],
    });
    try {
      const out = await callOk<Result>(client, "vpc_get_default_subnets", {});
      equal(out.region, REGION);
      equal(out.vpc_id, defaultVpc);
      deepEqual(out.subnets.map((s) => [s.zone, s.id]), byZone);
      deepEqual(out.subnets.map((s) => s.zone), [
        "ap-northeast-2a",
        "ap-northeast-2b",
        "ap-northeast-2c",
        "ap-northeast-2d",
      ]);
      ok(out.subnets.every((s) => s.vpc_id === defaultVpc && s.default_for_az));
      ok(!out.subnets.some((s) => s.id === stray.Subnet?.SubnetId));
      equal(out.note, undefined);
    } finally {
      await close();
    }
  },
);
