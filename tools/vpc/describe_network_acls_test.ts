import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeNetworkAcls } from "./describe_network_acls.ts";

const VPC = "vpc-0123456789abcdef0";
const SUBNET = "subnet-0123456789abcdef0";

Deno.test("vpc_describe_network_acls finds a subnet's ACL and renders rules in evaluation order", async () => {
  const aws = stubAws({
    ec2: {
      describeNetworkAcls: () => ({
        NetworkAcls: [{
          NetworkAclId: "acl-0123456789abcdef0",
          VpcId: VPC,
          IsDefault: false,
          Associations: [{ SubnetId: SUBNET, NetworkAclId: "acl-0123456789abcdef0" }],
          Entries: [
            {
              RuleNumber: 32767,
              RuleAction: "deny",
              Protocol: "-1",
              Egress: false,
              CidrBlock: "0.0.0.0/0",
            },
            {
              RuleNumber: 100,
              RuleAction: "allow",
              Protocol: "6",
              Egress: false,
              CidrBlock: "0.0.0.0/0",
              PortRange: { From: 22, To: 22 },
            },
            {
              RuleNumber: 50,
              RuleAction: "deny",
              Protocol: "-1",
              Egress: false,
              CidrBlock: "1.2.3.4/32",
            },
            {
              RuleNumber: 100,
              RuleAction: "allow",
              Protocol: "-1",
              Egress: true,
              CidrBlock: "0.0.0.0/0",
            },
            {
              RuleNumber: 32767,
              RuleAction: "deny",
              Protocol: "-1",
              Egress: true,
              CidrBlock: "0.0.0.0/0",
            },
          ],
          Tags: [{ Key: "Name", Value: "locked" }],
        }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeNetworkAcls] });
  try {
    const out = await callOk(client, "vpc_describe_network_acls", { subnet_id: SUBNET });
    deepEqual(out.network_acls, [{
      id: "acl-0123456789abcdef0",
      name: "locked",
      vpc_id: VPC,
      default: false,
      subnets: [SUBNET],
      inbound: [
        "50 deny all from 1.2.3.4/32",
        "100 allow tcp 22 from 0.0.0.0/0",
        "* deny all from 0.0.0.0/0",
      ],
      outbound: ["100 allow all to 0.0.0.0/0", "* deny all to 0.0.0.0/0"],
    }]);
    deepEqual(aws.calls[0]?.input, {
      Filters: [{ Name: "association.subnet-id", Values: [SUBNET] }],
      MaxResults: 100,
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_network_acls asks by id without MaxResults", async () => {
  const aws = stubAws({ ec2: { describeNetworkAcls: () => ({ NetworkAcls: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeNetworkAcls] });
  try {
    await callOk(client, "vpc_describe_network_acls", {
      network_acl_ids: ["acl-0123456789abcdef0"],
      vpc_id: VPC,
    });
    deepEqual(aws.calls[0]?.input, {
      Filters: [{ Name: "vpc-id", Values: [VPC] }],
      NetworkAclIds: ["acl-0123456789abcdef0"],
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_network_acls names a malformed subnet id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeNetworkAcls],
  });
  try {
    const bad = await call(client, "vpc_describe_network_acls", { subnet_id: "subnet-1" });
    equal(bad.isError, true);
    match(text(bad), /subnet_id: expected an id like subnet-0123456789abcdef0/);
  } finally {
    await close();
  }
});
