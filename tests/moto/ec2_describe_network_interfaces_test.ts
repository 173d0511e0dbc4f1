import { deepEqual, equal } from "node:assert/strict";
import { describeNetworkInterfaces } from "../../tools/ec2/describe_network_interfaces.ts";
import { callOk, connectMoto, motoEc2, motoImageId, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares eu-west-2 and works only in a VPC it creates.
const REGION = "eu-west-2";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  [key: string]: unknown;
}
interface Page {
  region: string;
  network_interfaces: Row[];
  next_token?: string;
}

motoTest("ec2_describe_network_interfaces lists, filters and pages ENIs", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const vpcId = (await ec2.createVpc({ CidrBlock: "10.50.0.0/16" })).Vpc?.VpcId as string;
  const subnet = async (cidr: string) =>
    (await ec2.createSubnet({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: "eu-west-2c" }))
      .Subnet?.SubnetId as string;
  const subnetA = await subnet("10.50.0.0/24");
  const subnetB = await subnet("10.50.1.0/24");
  const groupId = (await ec2.createSecurityGroup({
    VpcId: vpcId,
    GroupName: `eni-${RUN}`,
    Description: "eni test",
  })).GroupId as string;
  const standalone = (await ec2.createNetworkInterface({
    SubnetId: subnetB,
    Groups: [groupId],
    PrivateIpAddress: "10.50.1.20",
    PrivateIpAddresses: [
      { PrivateIpAddress: "10.50.1.20", Primary: true },
      { PrivateIpAddress: "10.50.1.21", Primary: false },
    ],
    Description: "spare interface",
    TagSpecifications: tagSpecs("network-interface", { run: RUN, Name: "spare" }),
  })).NetworkInterface;
  const instance = (await ec2.runInstances({
    ImageId: await motoImageId(ec2),
    MinCount: 1,
    MaxCount: 1,
    InstanceType: "t3.micro",
    SubnetId: subnetA,
  })).Instances?.[0];
  const instanceId = instance?.InstanceId as string;
  const primary = instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId as string;

  const standaloneRow = {
    id: standalone?.NetworkInterfaceId as string,
    name: "spare",
    type: "interface",
    status: "available",
    vpc_id: vpcId,
    subnet_id: subnetB,
    zone: "eu-west-2c",
    private_ip: "10.50.1.20",
    secondary_ips: ["10.50.1.21"],
    groups: [groupId],
    description: "spare interface",
  };

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeNetworkInterfaces],
  });
  const list = (args: Record<string, unknown>) =>
    callOk<Page>(client, "ec2_describe_network_interfaces", args);
  try {
    await t.step("a VPC's interfaces: the instance's primary ENI and the spare one", async () => {
      const out = await list({ vpc_id: vpcId });
      equal(out.region, REGION);
      deepEqual(out.network_interfaces.map((n) => n.id).sort(), [primary, standaloneRow.id].sort());
      deepEqual(out.network_interfaces.find((n) => n.id === standaloneRow.id), standaloneRow);
      const attached = out.network_interfaces.find((n) => n.id === primary);
      equal(attached?.instance_id, instanceId);
      equal(attached?.attachment_status, "attached");
      equal(attached?.status, "in-use");
      equal(attached?.subnet_id, subnetA);
      equal(attached?.private_ip, instance?.PrivateIpAddress);
    });

    await t.step("subnet, instance and security group filters narrow the list", async () => {
      deepEqual((await list({ subnet_id: subnetB })).network_interfaces, [standaloneRow]);
      deepEqual((await list({ instance_id: instanceId })).network_interfaces.map((n) => n.id), [
        primary,
      ]);
      deepEqual((await list({ group_id: groupId })).network_interfaces.map((n) => n.id), [
        standaloneRow.id,
      ]);
      deepEqual(
        (await list({ network_interface_ids: [standaloneRow.id] })).network_interfaces,
        [standaloneRow],
      );
    });

    await t.step("pages of 1 cover both exactly once", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await list({
          vpc_id: vpcId,
          max_results: 1,
          ...(token ? { next_token: token } : {}),
        });
        seen.push(...page.network_interfaces.map((n) => n.id));
        token = page.next_token;
        pages++;
      } while (token);
      equal(pages, 2);
      deepEqual(seen.sort(), [primary, standaloneRow.id].sort());
    });
  } finally {
    await close();
  }
});
