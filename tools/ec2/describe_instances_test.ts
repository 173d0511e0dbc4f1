import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeInstances } from "./describe_instances.ts";

const A = "i-0123456789abcdef0";
const B = "i-0123456789abcdef1";

const instance = (id: string) => ({
  InstanceId: id,
  State: { Code: 16, Name: "running" },
  LaunchTime: new Date("2026-01-02T03:04:05Z"),
  StateReason: { Code: "", Message: "" },
  ProductCodes: [],
  SecurityGroups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web" }],
  IamInstanceProfile: { Arn: "arn:aws:iam::123456789012:instance-profile/web", Id: "AIPA1" },
  MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 2 },
  BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeId: "vol-1", Status: "" } }],
  Tags: [{ Key: "Name", Value: id }],
});

Deno.test("ec2_describe_instances returns pruned AWS shapes in the order of the ids asked", async () => {
  const aws = stubAws({
    ec2: {
      describeInstances: () => ({
        $metadata: { httpStatusCode: 200 },
        Reservations: [{ Instances: [instance(B)] }, { Instances: [instance(A)] }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstances] });
  try {
    const out = await callOk(client, "ec2_describe_instances", {
      instance_ids: [A, B],
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeInstances", { InstanceIds: [A, B] }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instances: [A, B].map((id) => ({
        InstanceId: id,
        State: { Code: 16, Name: "running" },
        LaunchTime: "2026-01-02T03:04:05.000Z",
        SecurityGroups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web" }],
        IamInstanceProfile: { Arn: "arn:aws:iam::123456789012:instance-profile/web", Id: "AIPA1" },
        MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 2 },
        BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeId: "vol-1" } }],
        Tags: [{ Key: "Name", Value: id }],
      })),
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instances stops near 40 KB and counts the instances left out", async () => {
  const ids = Array.from({ length: 50 }, (_, n) => `i-${n.toString(16).padStart(17, "0")}`);
  const big = (id: string) => ({
    InstanceId: id,
    Tags: Array.from({ length: 10 }, (_, n) => ({ Key: `k${n}`, Value: "v".repeat(200) })),
  });
  const aws = stubAws({
    ec2: { describeInstances: () => ({ Reservations: [{ Instances: ids.map(big) }] }) },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstances] });
  try {
    const out = await callOk<{ instances: { InstanceId: string }[]; omitted?: number }>(
      client,
      "ec2_describe_instances",
      { instance_ids: ids },
    );
    // Each instance is 2 286 bytes of JSON: 17 fit in 40 000.
    equal(out.instances.length, 17);
    equal(out.omitted, 33);
    deepEqual(out.instances.map((i) => i.InstanceId), ids.slice(0, 17));
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instances names a missing, malformed or too long instance_ids", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeInstances],
  });
  try {
    const none = await call(client, "ec2_describe_instances", {});
    equal(none.isError, true);
    match(text(none), /^InvalidInput: instance_ids: /);
    const empty = await call(client, "ec2_describe_instances", { instance_ids: [] });
    match(text(empty), /instance_ids: Too small/);
    const bad = await call(client, "ec2_describe_instances", { instance_ids: [A, "i-xyz"] });
    match(text(bad), /instance_ids\.1: expected an id like i-0123456789abcdef0/);
    const many = Array.from({ length: 51 }, (_, n) => `i-${n.toString(16).padStart(17, "0")}`);
    const tooMany = await call(client, "ec2_describe_instances", { instance_ids: many });
    match(text(tooMany), /instance_ids: Too big/);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_instances drops duplicated and low-value fields unless full is asked", async () => {
  const wide = {
    ...instance(A),
    ClientToken: "abc",
    Hypervisor: "xen",
    SubnetId: "subnet-1",
    PrivateIpAddress: "10.0.0.5",
    Placement: { AvailabilityZone: "eu-west-1a", Tenancy: "default" },
    MetadataOptions: { HttpTokens: "required", State: "applied" },
    NetworkInterfaces: [{
      NetworkInterfaceId: "eni-1",
      MacAddress: "0a:00:00:00:00:01",
      SubnetId: "subnet-1",
      Groups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "web" }],
      Attachment: { DeviceIndex: 0, AttachTime: new Date(0), Status: "attached" },
      PrivateIpAddresses: [
        { PrivateIpAddress: "10.0.0.5", Primary: true },
        { PrivateIpAddress: "10.0.0.6", Primary: false },
      ],
    }],
  };
  const aws = stubAws({
    ec2: { describeInstances: () => ({ Reservations: [{ Instances: [wide] }] }) },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeInstances] });
  try {
    const lean = await callOk<{ instances: Record<string, unknown>[] }>(
      client,
      "ec2_describe_instances",
      { instance_ids: [A], region: "eu-west-1" },
    );
    const one = lean.instances[0]!;
    equal(one.ClientToken, undefined);
    equal(one.Hypervisor, undefined);
    deepEqual(one.Placement, { AvailabilityZone: "eu-west-1a" });
    deepEqual(one.MetadataOptions, { HttpTokens: "required" });
    deepEqual(one.NetworkInterfaces, [
      { NetworkInterfaceId: "eni-1", DeviceIndex: 0, SecondaryPrivateIps: ["10.0.0.6"] },
    ]);
    const full = await callOk<{ instances: Record<string, unknown>[] }>(
      client,
      "ec2_describe_instances",
      { instance_ids: [A], region: "eu-west-1", full: true },
    );
    equal(full.instances[0]!.ClientToken, "abc");
    match(JSON.stringify(full.instances[0]!.NetworkInterfaces), /MacAddress/);
  } finally {
    await close();
  }
});
