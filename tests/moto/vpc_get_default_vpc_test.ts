import { deepEqual, equal, ok } from "node:assert/strict";
import { getDefaultVpc } from "../../tools/vpc/get_default_vpc.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: ap-northeast-1 is shared with other VPC test files, which add their
// own VPCs but never touch the default VPC or its subnets; expected values come from the bare SDK.
const REGION = "ap-northeast-1";

interface Result {
  region: string;
  vpc: { id: string; cidr?: string; is_default: boolean; state?: string } | null;
  subnet_count?: number;
  note?: string;
}

motoTest(
  "vpc_get_default_vpc returns moto's default VPC and its subnet count",
  async (endpoint) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const defaults = await ec2.describeVpcs({
      Filters: [{ Name: "is-default", Values: ["true"] }],
    });
    equal(defaults.Vpcs?.length, 1, "moto makes one default VPC per region");
    const expected = defaults.Vpcs?.[0]?.VpcId as string;
    ok(expected.startsWith("vpc-"));
    const subnets = await ec2.describeSubnets({
      Filters: [{ Name: "vpc-id", Values: [expected] }],
    });
    ok((subnets.Subnets?.length ?? 0) > 0, "moto gives its default VPC a subnet per zone");

    // A VPC of our own in the region, so "the default" has to be picked, not just "the only one".
    await ec2.createVpc({
      CidrBlock: "10.42.0.0/16",
      TagSpecifications: tagSpecs("vpc", { run: crypto.randomUUID() }),
    });

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getDefaultVpc],
    });
    try {
      const out = await callOk<Result>(client, "vpc_get_default_vpc", {});
      equal(out.region, REGION);
      deepEqual(out.vpc, {
        id: expected,
        cidr: "172.31.0.0/16",
        state: "available",
        is_default: true,
        tenancy: "default",
        owner_id: "123456789012",
      });
      equal(out.subnet_count, subnets.Subnets?.length);
      equal(out.note, undefined);
    } finally {
      await close();
    }
  },
);
