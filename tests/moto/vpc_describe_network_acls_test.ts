import { deepEqual, equal } from "node:assert/strict";
import { describeNetworkAcls } from "../../tools/vpc/describe_network_acls.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares eu-west-2 and works only in a VPC it creates.
const REGION = "eu-west-2";
const RUN = crypto.randomUUID();

interface Acl {
  id: string;
  name?: string;
  vpc_id?: string;
  default: boolean;
  subnets?: string[];
  inbound: string[];
  outbound: string[];
}

motoTest(
  "vpc_describe_network_acls renders rules in evaluation order and finds a subnet's ACL",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const vpcId = (await ec2.createVpc({ CidrBlock: "10.44.0.0/16" })).Vpc?.VpcId as string;
    const subnetId = (await ec2.createSubnet({
      VpcId: vpcId,
      CidrBlock: "10.44.0.0/24",
      AvailabilityZone: "eu-west-2b",
    })).Subnet?.SubnetId as string;
    const aclId = (await ec2.createNetworkAcl({
      VpcId: vpcId,
      TagSpecifications: tagSpecs("network-acl", { run: RUN, Name: "locked" }),
    })).NetworkAcl?.NetworkAclId as string;
    // Created out of order: the tool must sort by rule number.
    const entry = (
      RuleNumber: number,
      Egress: boolean,
      RuleAction: "allow" | "deny",
      Protocol: string,
      CidrBlock: string,
      PortRange?: { From: number; To: number },
    ) =>
      ec2.createNetworkAclEntry({
        NetworkAclId: aclId,
        RuleNumber,
        Egress,
        RuleAction,
        Protocol,
        CidrBlock,
        ...(PortRange ? { PortRange } : {}),
      });
    await entry(200, false, "allow", "17", "10.0.0.0/8", { From: 1024, To: 65535 });
    await entry(100, false, "allow", "6", "0.0.0.0/0", { From: 22, To: 22 });
    await entry(90, false, "deny", "-1", "203.0.113.7/32");
    await entry(100, true, "allow", "-1", "0.0.0.0/0");
    // Move the subnet from the VPC's default ACL to the new one, as the console does.
    const defaultAcl = (await ec2.describeNetworkAcls({
      Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "default", Values: ["true"] }],
    })).NetworkAcls?.[0];
    const association = defaultAcl?.Associations?.find((a) => a.SubnetId === subnetId);
    await ec2.replaceNetworkAclAssociation({
      AssociationId: association?.NetworkAclAssociationId as string,
      NetworkAclId: aclId,
    });

    // moto gives a new ACL no catch-all entries (AWS adds "* deny" in both directions).
    const lockedRow: Acl = {
      id: aclId,
      name: "locked",
      vpc_id: vpcId,
      default: false,
      subnets: [subnetId],
      inbound: [
        "90 deny all from 203.0.113.7/32",
        "100 allow tcp 22 from 0.0.0.0/0",
        "200 allow udp 1024-65535 from 10.0.0.0/8",
      ],
      outbound: ["100 allow all to 0.0.0.0/0"],
    };
    const defaultRow: Acl = {
      id: defaultAcl?.NetworkAclId as string,
      vpc_id: vpcId,
      default: true,
      inbound: ["100 allow all from 0.0.0.0/0", "* deny all from 0.0.0.0/0"],
      outbound: ["100 allow all to 0.0.0.0/0", "* deny all to 0.0.0.0/0"],
    };

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeNetworkAcls],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<{ region: string; network_acls: Acl[] }>(client, "vpc_describe_network_acls", args);
    try {
      await t.step("subnet_id finds the ACL the subnet now uses", async () => {
        const out = await describe({ subnet_id: subnetId });
        equal(out.region, REGION);
        deepEqual(out.network_acls, [lockedRow]);
      });

      await t.step("vpc_id lists the default ACL with its * rules and the custom one", async () => {
        const out = await describe({ vpc_id: vpcId });
        deepEqual(
          [...out.network_acls].sort((a, b) => a.id.localeCompare(b.id)),
          [lockedRow, defaultRow].sort((a, b) => a.id.localeCompare(b.id)),
        );
      });

      await t.step("ids and tags look ACLs up directly", async () => {
        deepEqual((await describe({ network_acl_ids: [defaultRow.id] })).network_acls, [
          defaultRow,
        ]);
        deepEqual((await describe({ tags: { run: RUN } })).network_acls, [lockedRow]);
      });
    } finally {
      await close();
    }
  },
);
