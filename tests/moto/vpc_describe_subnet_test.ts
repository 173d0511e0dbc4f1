import { deepEqual, equal, match } from "node:assert/strict";
import { describeSubnet } from "../../tools/vpc/describe_subnet.ts";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoInternetGateway,
  motoMainRouteTable,
  motoNatGateway,
  motoRoute,
  motoRouteTable,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// moto's state is global: this file shares ap-northeast-2 and works in a VPC it creates; only
// the default-subnet step reads the region's default VPC, which no test file changes.
const REGION = "ap-northeast-2";
const RUN = crypto.randomUUID();

interface Result {
  region: string;
  subnet: Record<string, unknown>;
  route_table?: { id: string; main: boolean; default_route?: string };
  public: boolean;
  nat_gateway_id?: string;
}

motoTest(
  "vpc_describe_subnet finds the route table that applies and its internet path",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const runTag = { Key: "run", Value: RUN };
    const vpc = await ec2.createVpc({
      CidrBlock: "10.60.0.0/16",
      TagSpecifications: tagSpecs("vpc", { run: RUN }),
    });
    const vpcId = vpc.Vpc?.VpcId as string;
    const subnet = async (cidr: string, name: string) =>
      (await ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: "ap-northeast-2b",
        TagSpecifications: tagSpecs("subnet", { run: RUN, Name: name }),
      })).Subnet?.SubnetId as string;
    const publicSubnet = await subnet("10.60.1.0/24", "public");
    const privateSubnet = await subnet("10.60.2.0/24", "private");
    const isolatedSubnet = await subnet("10.60.3.0/24", "isolated");

    // public: its own table with 0.0.0.0/0 to an internet gateway.
    const igwId = await motoInternetGateway(ec2, vpcId);
    const publicTable = await motoRouteTable(ec2, vpcId, {
      routes: [["0.0.0.0/0", igwId]],
      subnets: [publicSubnet],
    });

    // private: no association, so the main table, whose 0.0.0.0/0 goes to a NAT gateway.
    const natId = await motoNatGateway(ec2, publicSubnet);
    const mainTable = await motoMainRouteTable(ec2, vpcId);
    await motoRoute(ec2, mainTable, "0.0.0.0/0", natId);

    // isolated: its own table with only the local route.
    const isolatedTable = await motoRouteTable(ec2, vpcId, { subnets: [isolatedSubnet] });

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeSubnet],
    });
    const describe = (id: string) =>
      callOk<Result>(client, "vpc_describe_subnet", { subnet_id: id });
    try {
      await t.step(
        "an explicitly associated table routing to an internet gateway is public",
        async () => {
          const out = await describe(publicSubnet);
          equal(out.region, REGION);
          equal(out.subnet.SubnetId, publicSubnet);
          equal(out.subnet.VpcId, vpcId);
          equal(out.subnet.CidrBlock, "10.60.1.0/24");
          deepEqual(out.subnet.Tags, [runTag, { Key: "Name", Value: "public" }]);
          // moto answers an empty Ipv6CidrBlockAssociationSet; prune drops it.
          equal("Ipv6CidrBlockAssociationSet" in out.subnet, false);
          deepEqual(out.route_table, { id: publicTable, main: false, default_route: igwId });
          equal(out.public, true);
          equal(out.nat_gateway_id, undefined);
        },
      );

      await t.step("a subnet without an association uses the main table and its NAT", async () => {
        const out = await describe(privateSubnet);
        deepEqual(out.route_table, { id: mainTable, main: true, default_route: natId });
        equal(out.public, false);
        equal(out.nat_gateway_id, natId);
      });

      await t.step("a table with only the local route is neither public nor NATed", async () => {
        const out = await describe(isolatedSubnet);
        deepEqual(out.route_table, { id: isolatedTable, main: false });
        equal(out.public, false);
        equal(out.nat_gateway_id, undefined);
      });

      await t.step(
        "moto's default subnets use the main table, which has no internet route",
        async () => {
          // Real AWS gives the default VPC an internet gateway and a 0.0.0.0/0 route; moto does not.
          const vpcs = await ec2.describeVpcs({
            Filters: [{ Name: "is-default", Values: ["true"] }],
          });
          const defaults = await ec2.describeSubnets({
            Filters: [
              { Name: "vpc-id", Values: [vpcs.Vpcs?.[0]?.VpcId as string] },
              { Name: "default-for-az", Values: ["true"] },
            ],
          });
          const defaultSubnet = defaults.Subnets?.[0];
          const out = await describe(defaultSubnet?.SubnetId as string);
          equal(out.subnet.DefaultForAz, true);
          equal(out.route_table?.main, true);
          equal(out.public, false);
        },
      );

      await t.step("an unknown id is AWS's InvalidSubnetID.NotFound with a hint", async () => {
        const result = await call(client, "vpc_describe_subnet", {
          subnet_id: "subnet-0000000000000dead",
        });
        equal(result.isError, true);
        match(
          text(result),
          /^InvalidSubnetID\.NotFound: .*subnet-0000000000000dead.* — check the id exists in ap-northeast-2/,
        );
      });
    } finally {
      await close();
    }
  },
);
