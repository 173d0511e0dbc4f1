import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { createSecurityGroup } from "./create_security_group.ts";

const VPC = "vpc-0123456789abcdef0";

Deno.test("ec2_create_security_group creates in the default VPC with creation tags", async () => {
  const aws = stubAws({
    ec2: {
      describeVpcs: () => ({ Vpcs: [{ VpcId: VPC, IsDefault: true }] }),
      createSecurityGroup: () => ({ GroupId: "sg-0123456789abcdef0" }),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createSecurityGroup] });
  try {
    const out = await callOk(client, "ec2_create_security_group", {
      group_name: "web",
      description: "Web servers (public)",
      tags: { Name: "web" },
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      group_id: "sg-0123456789abcdef0",
      group_name: "web",
      vpc_id: VPC,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVpcs", { Filters: [{ Name: "is-default", Values: ["true"] }] }],
      ["createSecurityGroup", {
        GroupName: "web",
        Description: "Web servers (public)",
        VpcId: VPC,
        TagSpecifications: [{
          ResourceType: "security-group",
          Tags: [{ Key: "Name", Value: "web" }, { Key: "owner", Value: "agent" }],
        }],
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_security_group uses the given VPC and sends no empty tag specification", async () => {
  const aws = stubAws({
    ec2: { createSecurityGroup: () => ({ GroupId: "sg-0123456789abcdef0" }) },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createSecurityGroup],
  });
  try {
    await callOk(client, "ec2_create_security_group", {
      group_name: "db",
      description: "db",
      vpc_id: "vpc-0123456789abcdef1",
      dry_run: true,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [["createSecurityGroup", {
      GroupName: "db",
      Description: "db",
      VpcId: "vpc-0123456789abcdef1",
      DryRun: true,
    }]]);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_security_group without a default VPC asks for vpc_id", async () => {
  const aws = stubAws({ ec2: { describeVpcs: () => ({ Vpcs: [] }) } });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createSecurityGroup],
  });
  try {
    const failed = await call(client, "ec2_create_security_group", {
      group_name: "x",
      description: "x",
    });
    equal(
      text(failed),
      "NoDefaultVpc: us-east-1 has no default VPC — pass vpc_id (list VPCs with vpc_list_vpcs)",
    );
  } finally {
    await close();
  }
});

Deno.test("ec2_create_security_group names a bad group name, description and VPC id", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory: [createSecurityGroup],
  });
  try {
    const bad = await call(client, "ec2_create_security_group", {
      group_name: "sg-web",
      description: "tabs\tare not allowed",
      vpc_id: "vpc-1",
    });
    equal(bad.isError, true);
    match(text(bad), /group_name: must not start with sg-/);
    match(text(bad), /description: expected 1-255 characters/);
    match(text(bad), /vpc_id: expected an id like vpc-0123456789abcdef0/);
  } finally {
    await close();
  }
});
