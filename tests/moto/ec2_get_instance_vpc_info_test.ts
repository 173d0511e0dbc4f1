import { deepEqual, equal, match } from "node:assert/strict";
import { getInstanceVpcInfo } from "../../tools/ec2/get_instance_vpc_info.ts";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoInternetGateway,
  motoMainRouteTable,
  motoNatGateway,
  motoRoute,
  motoRouteTable,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// moto's state is global: this file runs in us-west-2 and builds its own VPC, tagged with its
// run id, so nothing another file (or an earlier run) made there can change the answers.
const REGION = "us-west-2";
const RUN = crypto.randomUUID();
const tagged = (type: "vpc" | "subnet" | "route-table" | "instance" | "security-group") =>
  tagSpecs(type, { run: RUN });

motoTest(
  "ec2_get_instance_vpc_info traces subnet, route table and internet path",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    const vpcId = (await ec2.createVpc({
      CidrBlock: "10.61.0.0/16",
      TagSpecifications: tagged("vpc"),
    })).Vpc?.VpcId as string;
    const subnet = async (cidr: string, zone: string) =>
      (await ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: zone,
        TagSpecifications: tagged("subnet"),
      })).Subnet?.SubnetId as string;
    const publicSubnet = await subnet("10.61.1.0/24", "us-west-2a");
    const privateSubnet = await subnet("10.61.2.0/24", "us-west-2b");
    await ec2.modifySubnetAttribute({
      SubnetId: publicSubnet,
      MapPublicIpOnLaunch: { Value: true },
    });

    // Public subnet: its own route table with 0.0.0.0/0 to an internet gateway.
    const igw = await motoInternetGateway(ec2, vpcId);
    const publicTable = await motoRouteTable(ec2, vpcId, {
      routes: [["0.0.0.0/0", igw]],
      subnets: [publicSubnet],
      tags: { run: RUN },
    });

    // Private subnet: no association of its own, so the main table's NAT route applies.
    const nat = await motoNatGateway(ec2, publicSubnet);
    const mainTable = await motoMainRouteTable(ec2, vpcId);
    await motoRoute(ec2, mainTable, "0.0.0.0/0", nat);

    const groupName = `web-${RUN}`;
    const sg = (await ec2.createSecurityGroup({
      VpcId: vpcId,
      GroupName: groupName,
      Description: "web",
      TagSpecifications: tagged("security-group"),
    })).GroupId as string;
    const launch = async (subnetId: string) =>
      (await ec2.runInstances({
        ImageId: imageId,
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        SubnetId: subnetId,
        SecurityGroupIds: [sg],
        TagSpecifications: tagged("instance"),
      })).Instances?.[0] ?? {};
    const web = await launch(publicSubnet);
    const worker = await launch(privateSubnet);

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getInstanceVpcInfo],
    });
    try {
      await t.step("an instance in the public subnet is reachable through the igw", async () => {
        const out = await callOk(client, "ec2_get_instance_vpc_info", {
          instance_id: web.InstanceId,
        });
        deepEqual(out, {
          account: "123456789012",
          region: REGION,
          instance_id: web.InstanceId,
          state: "running",
          vpc: { id: vpcId, cidr: "10.61.0.0/16", is_default: false },
          subnet: {
            id: publicSubnet,
            cidr: "10.61.1.0/24",
            zone: "us-west-2a",
            map_public_ip: true,
          },
          security_groups: [{ id: sg, name: groupName }],
          private_ip: web.PrivateIpAddress,
          public_ip: web.PublicIpAddress,
          route_table_id: publicTable,
          route_table_is_main: false,
          internet_route: "igw",
          internet_route_target: igw,
          has_public_ip: true,
          reachable_from_internet: true,
        });
        match(String(web.PublicIpAddress), /^\d+\.\d+\.\d+\.\d+$/);
        match(String(web.PrivateIpAddress), /^10\.61\.1\.\d+$/);
      });

      await t.step("an instance in the private subnet goes out through the NAT only", async () => {
        const out = await callOk(client, "ec2_get_instance_vpc_info", {
          instance_id: worker.InstanceId,
        });
        deepEqual(out.subnet, {
          id: privateSubnet,
          cidr: "10.61.2.0/24",
          zone: "us-west-2b",
          map_public_ip: false,
        });
        equal(out.route_table_id, mainTable);
        equal(out.route_table_is_main, true);
        equal(out.internet_route, "nat");
        equal(out.internet_route_target, nat);
        equal(out.public_ip, undefined);
        equal(out.has_public_ip, false);
        equal(out.reachable_from_internet, false);
      });

      await t.step("an unknown id is AWS's not-found error", async () => {
        const result = await call(client, "ec2_get_instance_vpc_info", {
          instance_id: "i-0123456789abcdef0",
        });
        equal(result.isError, true);
        match(
          text(result),
          /^InvalidInstanceID\.NotFound: .*i-0123456789abcdef0.* — check the id exists in us-west-2/,
        );
      });
    } finally {
      await close();
    }
  },
);
