import { deepEqual, equal } from "node:assert/strict";
import { describeNatGateways } from "../../tools/vpc/describe_nat_gateways.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares ap-northeast-3 and works only in a VPC it creates.
const REGION = "ap-northeast-3";
const RUN = crypto.randomUUID();

interface Nat {
  id: string;
  name?: string;
  state?: string;
  subnet_id?: string;
  public_ips?: string[];
}

motoTest(
  "vpc_describe_nat_gateways shows a VPC's NAT gateways with their addresses",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const tags = (name: string) => tagSpecs("natgateway", { run: RUN, Name: name });
    const vpcId = (await ec2.createVpc({ CidrBlock: "10.43.0.0/16" })).Vpc?.VpcId as string;
    const subnet = async (cidr: string) =>
      (await ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: "ap-northeast-3a",
      }))
        .Subnet?.SubnetId as string;
    const subnetA = await subnet("10.43.0.0/24");
    const subnetB = await subnet("10.43.1.0/24");
    const eip = await ec2.allocateAddress({ Domain: "vpc" });
    const publicNat = (await ec2.createNatGateway({
      SubnetId: subnetA,
      AllocationId: eip.AllocationId as string,
      TagSpecifications: tags("egress-a"),
    })).NatGateway;
    const privateNat = (await ec2.createNatGateway({
      SubnetId: subnetB,
      ConnectivityType: "private",
      TagSpecifications: tags("internal-b"),
    })).NatGateway;
    const publicAddress = publicNat?.NatGatewayAddresses?.[0];
    // moto leaves ConnectivityType out of its answer (AWS always sends it), and gives the NAT a
    // random private IP outside the subnet: both are taken from what moto created.
    const publicRow = {
      id: publicNat?.NatGatewayId as string,
      name: "egress-a",
      state: "available",
      vpc_id: vpcId,
      subnet_id: subnetA,
      public_ips: [eip.PublicIp as string],
      private_ips: [publicAddress?.PrivateIp as string],
      allocation_ids: [eip.AllocationId as string],
      created: publicNat?.CreateTime?.toISOString(),
    };

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeNatGateways],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<{ region: string; nat_gateways: Nat[] }>(client, "vpc_describe_nat_gateways", args);
    try {
      await t.step("the public NAT gateway's row carries its EIP and subnet", async () => {
        const out = await describe({ subnet_id: subnetA });
        equal(out.region, REGION);
        deepEqual(out.nat_gateways, [publicRow]);
        equal(publicAddress?.PublicIp, eip.PublicIp);
      });

      await t.step("vpc_id finds both; the private one has no public IP", async () => {
        const out = await describe({ vpc_id: vpcId });
        deepEqual(
          out.nat_gateways.map((n) => n.id).sort(),
          [publicRow.id, privateNat?.NatGatewayId].sort(),
        );
        const internal = out.nat_gateways.find((n) => n.id === privateNat?.NatGatewayId);
        equal(internal?.name, "internal-b");
        equal(internal?.subnet_id, subnetB);
        equal(internal?.public_ips, undefined);
      });

      await t.step("states and ids narrow the list", async () => {
        deepEqual(
          (await describe({ vpc_id: vpcId, states: ["pending", "failed"] })).nat_gateways,
          [],
        );
        deepEqual(
          (await describe({ nat_gateway_ids: [publicRow.id] })).nat_gateways.map((n) => n.id),
          [publicRow.id],
        );
      });
    } finally {
      await close();
    }
  },
);
