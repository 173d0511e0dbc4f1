import { deepEqual, equal } from "node:assert/strict";
import { describeAddresses } from "../../tools/ec2/describe_addresses.ts";
import { callOk, connectMoto, motoEc2, motoImageId, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares ap-northeast-3 and selects its addresses by run tag.
const REGION = "ap-northeast-3";
const RUN = crypto.randomUUID();

interface Result {
  region: string;
  addresses: Record<string, unknown>[];
  unassociated_count: number;
}

motoTest("ec2_describe_addresses flags and counts idle Elastic IPs", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const allocate = async (name: string) =>
    await ec2.allocateAddress({
      Domain: "vpc",
      TagSpecifications: tagSpecs("elastic-ip", { run: RUN, Name: name }),
    });
  const used = await allocate("web");
  const idle = await allocate("forgotten");
  const vpcId = (await ec2.createVpc({ CidrBlock: "10.49.0.0/16" })).Vpc?.VpcId as string;
  const subnetId = (await ec2.createSubnet({
    VpcId: vpcId,
    CidrBlock: "10.49.0.0/24",
    AvailabilityZone: "ap-northeast-3b",
  })).Subnet?.SubnetId as string;
  const instance = (await ec2.runInstances({
    ImageId: await motoImageId(ec2),
    MinCount: 1,
    MaxCount: 1,
    InstanceType: "t3.micro",
    SubnetId: subnetId,
  })).Instances?.[0];
  const association = await ec2.associateAddress({
    AllocationId: used.AllocationId as string,
    InstanceId: instance?.InstanceId as string,
  });
  const eni = instance?.NetworkInterfaces?.[0];

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeAddresses],
  });
  try {
    await t.step("the run's two addresses: one on an instance, one idle and counted", async () => {
      const out = await callOk<Result>(client, "ec2_describe_addresses", { tags: { run: RUN } });
      equal(out.region, REGION);
      const byIp = [...out.addresses].sort((a, b) =>
        String(a.allocation_id).localeCompare(String(b.allocation_id))
      );
      deepEqual(
        byIp,
        [
          {
            public_ip: used.PublicIp,
            allocation_id: used.AllocationId,
            name: "web",
            domain: "vpc",
            instance_id: instance?.InstanceId,
            network_interface_id: eni?.NetworkInterfaceId,
            private_ip: instance?.PrivateIpAddress,
            association_id: association.AssociationId,
          },
          {
            public_ip: idle.PublicIp,
            allocation_id: idle.AllocationId,
            name: "forgotten",
            domain: "vpc",
            unassociated: true,
          },
        ].sort((a, b) => String(a.allocation_id).localeCompare(String(b.allocation_id))),
      );
      equal(out.unassociated_count, 1);
    });

    await t.step("allocation_ids look one address up", async () => {
      const out = await callOk<Result>(client, "ec2_describe_addresses", {
        allocation_ids: [idle.AllocationId],
      });
      deepEqual(out.addresses.map((a) => a.public_ip), [idle.PublicIp]);
      equal(out.unassociated_count, 1);
    });
  } finally {
    await close();
  }
});
