import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, everyResourceTagged, stubAws, text } from "../../tests/_helpers.ts";
import { createSpotInstance } from "./create_spot_instance.ts";

const IMAGE = "ami-0123456789abcdef0";
const inventory = [createSpotInstance];
const spotInstance = (n: number) => ({
  InstanceId: `i-0123456789abcdef${n}`,
  InstanceType: "c6g.large",
  InstanceLifecycle: "spot",
  SpotInstanceRequestId: `sir-abcd123${n}`,
  State: { Name: "pending" },
});

Deno.test("ec2_create_spot_instance sends spot market options, IMDSv2 and tags for instances, volumes and requests", async () => {
  const aws = stubAws({
    ec2: {
      runInstances: () => ({ Instances: [spotInstance(0), spotInstance(1)] }),
      describeTags: everyResourceTagged("owner", "mcp"),
    },
  });
  const { client, close } = await connect(
    { allowWrite: true, requireTag: { key: "owner", value: "mcp" } },
    { aws, inventory },
  );
  try {
    const out = await callOk(client, "ec2_create_spot_instance", {
      image_id: IMAGE,
      instance_type: "c6g.large",
      max_price: "0.05",
      type: "persistent",
      count: 2,
      key_name: "ops",
      security_group_ids: ["sg-0123456789abcdef0"],
      subnet_id: "subnet-0123456789abcdef0",
      user_data: "echo hi",
      tags: { team: "blue" },
      region: "eu-west-1",
    });
    const tags = [{ Key: "team", Value: "blue" }, { Key: "owner", Value: "mcp" }];
    // --require-tag: the resource launched from is checked first (see tests/moto/require_tag_sources_test.ts).
    equal(aws.calls[0]?.method, "describeTags");
    deepEqual(aws.calls.slice(1).map((c) => [c.method, c.input]), [["runInstances", {
      ImageId: IMAGE,
      InstanceType: "c6g.large",
      MinCount: 2,
      MaxCount: 2,
      KeyName: "ops",
      SecurityGroupIds: ["sg-0123456789abcdef0"],
      SubnetId: "subnet-0123456789abcdef0",
      UserData: btoa("echo hi"),
      InstanceMarketOptions: {
        MarketType: "spot",
        SpotOptions: {
          MaxPrice: "0.05",
          SpotInstanceType: "persistent",
          InstanceInterruptionBehavior: "stop",
        },
      },
      MetadataOptions: { HttpTokens: "required" },
      TagSpecifications: ["instance", "volume", "spot-instances-request"].map((ResourceType) => ({
        ResourceType,
        Tags: tags,
      })),
      DryRun: false,
    }]]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instances: [0, 1].map((n) => ({
        id: `i-0123456789abcdef${n}`,
        state: "pending",
        type: "c6g.large",
      })),
      spot_request_ids: ["sir-abcd1230", "sir-abcd1231"],
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_spot_instance defaults to a one-time request at the on-demand cap that terminates", async () => {
  const aws = stubAws({ ec2: { runInstances: () => ({ Instances: [spotInstance(0)] }) } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    await callOk(client, "ec2_create_spot_instance", {
      image_id: IMAGE,
      instance_type: "t3.micro",
    });
    deepEqual(aws.calls[0]?.input, {
      ImageId: IMAGE,
      InstanceType: "t3.micro",
      MinCount: 1,
      MaxCount: 1,
      InstanceMarketOptions: {
        MarketType: "spot",
        SpotOptions: { SpotInstanceType: "one-time", InstanceInterruptionBehavior: "terminate" },
      },
      MetadataOptions: { HttpTokens: "required" },
      DryRun: false,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_spot_instance names a malformed price and an unknown request type", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const bad = await call(client, "ec2_create_spot_instance", {
      image_id: IMAGE,
      instance_type: "t3.micro",
      max_price: "$0.05",
      type: "fleet",
    });
    equal(bad.isError, true);
    match(text(bad), /max_price: expected USD per hour, e\.g\. 0\.05/);
    match(text(bad), /type: Invalid option/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
