import { deepEqual, equal, match } from "node:assert/strict";
import { describeVpc } from "../../tools/vpc/describe_vpc.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file shares ap-northeast-1 and counts only inside a VPC it
// creates and tags with its own run id.
const REGION = "ap-northeast-1";
const RUN = crypto.randomUUID();

interface Result {
  region: string;
  vpc: Record<string, unknown>;
  enable_dns_support?: boolean;
  enable_dns_hostnames?: boolean;
  counts: Record<string, number>;
}

motoTest(
  "vpc_describe_vpc describes a VPC with its DNS settings and contents",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const tags = (
      type: "vpc" | "subnet" | "route-table" | "security-group" | "internet-gateway",
    ) => tagSpecs(type, { run: RUN, Name: "core" });
    const vpc = (await ec2.createVpc({ CidrBlock: "10.20.0.0/16", TagSpecifications: tags("vpc") }))
      .Vpc;
    const vpcId = vpc?.VpcId as string;
    await ec2.modifyVpcAttribute({ VpcId: vpcId, EnableDnsHostnames: { Value: true } });
    for (const [cidr, zone] of [["10.20.1.0/24", "a"], ["10.20.2.0/24", "c"]]) {
      await ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: `${REGION}${zone}`,
        TagSpecifications: tags("subnet"),
      });
    }
    await ec2.createRouteTable({ VpcId: vpcId, TagSpecifications: tags("route-table") });
    await ec2.createSecurityGroup({
      VpcId: vpcId,
      GroupName: `web-${RUN}`,
      Description: "web",
      TagSpecifications: tags("security-group"),
    });
    const igw = await ec2.createInternetGateway({ TagSpecifications: tags("internet-gateway") });
    await ec2.attachInternetGateway({
      VpcId: vpcId,
      InternetGatewayId: igw.InternetGateway?.InternetGatewayId as string,
    });

    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [describeVpc] });
    try {
      await t.step("the AWS shape is pruned and the attributes and counts are added", async () => {
        const out = await callOk<Result>(client, "vpc_describe_vpc", { vpc_id: vpcId });
        equal(out.region, REGION);
        equal(out.vpc.VpcId, vpcId);
        equal(out.vpc.CidrBlock, "10.20.0.0/16");
        equal(out.vpc.IsDefault, false);
        deepEqual(out.vpc.Tags, [{ Key: "run", Value: RUN }, { Key: "Name", Value: "core" }]);
        // moto answers an empty Ipv6CidrBlockAssociationSet; prune drops it.
        equal("Ipv6CidrBlockAssociationSet" in out.vpc, false);
        equal(out.enable_dns_support, true);
        equal(out.enable_dns_hostnames, true);
        // The main route table and the default security group come with every VPC.
        deepEqual(out.counts, {
          subnets: 2,
          route_tables: 2,
          security_groups: 2,
          internet_gateways: 1,
        });
      });

      await t.step("a new VPC has no hostnames until they are enabled", async () => {
        const bare = await ec2.createVpc({
          CidrBlock: "10.21.0.0/16",
          TagSpecifications: tags("vpc"),
        });
        const out = await callOk<Result>(client, "vpc_describe_vpc", {
          vpc_id: bare.Vpc?.VpcId,
        });
        equal(out.enable_dns_support, true);
        equal(out.enable_dns_hostnames, false);
        deepEqual(out.counts, {
          subnets: 0,
          route_tables: 1,
          security_groups: 1,
          internet_gateways: 0,
        });
      });

      await t.step("an unknown id is AWS's InvalidVpcID.NotFound with a hint", async () => {
        const result = await call(client, "vpc_describe_vpc", { vpc_id: "vpc-0000000000000dead" });
        equal(result.isError, true);
        match(
          text(result),
          /^InvalidVpcID\.NotFound: .*vpc-0000000000000dead.* — check the id exists in ap-northeast-1/,
        );
      });
    } finally {
      await close();
    }
  },
);
