import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, everyResourceTagged, stubAws, text } from "../../tests/_helpers.ts";
import { createInstance } from "./create_instance.ts";

const IMAGE = "ami-0123456789abcdef0";
const launchedInstance = (id: string, state = "pending") => ({
  InstanceId: id,
  InstanceType: "t3.small",
  State: { Name: state },
  Placement: { AvailabilityZone: "eu-west-1a" },
  PrivateIpAddress: "10.0.0.5",
  ...(state === "running" ? { PublicIpAddress: "203.0.113.7" } : {}),
  SubnetId: "subnet-0123456789abcdef0",
  Tags: [{ Key: "Name", Value: "web" }],
});
const inventory = [createInstance];
const dryRunError = (name: string) =>
  Object.assign(new Error("Request would have succeeded"), { name, $fault: "client" });

Deno.test("ec2_create_instance sends every option, base64 user data and creation tags incl. the required one", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: everyResourceTagged("owner", "mcp"),
      runInstances: () => ({
        Instances: [
          launchedInstance("i-0123456789abcdef0"),
          launchedInstance("i-0123456789abcdef1"),
        ],
      }),
    },
  });
  const { client, close } = await connect(
    { allowWrite: true, requireTag: { key: "owner", value: "mcp" } },
    { aws, inventory },
  );
  try {
    const out = await callOk(client, "ec2_create_instance", {
      image_id: IMAGE,
      instance_type: "t3.small",
      count: 2,
      key_name: "ops",
      security_group_ids: ["sg-0123456789abcdef0"],
      subnet_id: "subnet-0123456789abcdef0",
      iam_instance_profile: "web-role",
      user_data: "#!/bin/bash\necho héllo",
      block_devices: [
        { device_name: "/dev/xvda", size_gib: 30, volume_type: "gp3", iops: 4000, throughput: 250 },
        { device_name: "/dev/sdf", encrypted: true, delete_on_termination: false },
        { device_name: "/dev/sdg" },
      ],
      tags: { Name: "web", owner: "someone-else" },
      hop_limit: 2,
      region: "eu-west-1",
    });
    const tags = [{ Key: "Name", Value: "web" }, { Key: "owner", Value: "mcp" }];
    // --require-tag: the resource launched from is checked first (see tests/moto/require_tag_sources_test.ts).
    equal(aws.calls[0]?.method, "describeTags");
    deepEqual(aws.calls.slice(1).map((c) => [c.method, c.input]), [["runInstances", {
      ImageId: IMAGE,
      InstanceType: "t3.small",
      MinCount: 2,
      MaxCount: 2,
      KeyName: "ops",
      SecurityGroupIds: ["sg-0123456789abcdef0"],
      SubnetId: "subnet-0123456789abcdef0",
      IamInstanceProfile: { Name: "web-role" },
      UserData: "IyEvYmluL2Jhc2gKZWNobyBow6lsbG8=",
      BlockDeviceMappings: [
        {
          DeviceName: "/dev/xvda",
          Ebs: { VolumeSize: 30, VolumeType: "gp3", Iops: 4000, Throughput: 250 },
        },
        { DeviceName: "/dev/sdf", Ebs: { Encrypted: true, DeleteOnTermination: false } },
        { DeviceName: "/dev/sdg" },
      ],
      MetadataOptions: { HttpTokens: "required", HttpPutResponseHopLimit: 2 },
      TagSpecifications: [
        { ResourceType: "instance", Tags: tags },
        { ResourceType: "volume", Tags: tags },
      ],
      DryRun: false,
    }]]);
    equal(
      new TextDecoder().decode(
        Uint8Array.from(atob("IyEvYmluL2Jhc2gKZWNobyBow6lsbG8="), (c) => c.charCodeAt(0)),
      ),
      "#!/bin/bash\necho héllo",
    );
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instances: ["i-0123456789abcdef0", "i-0123456789abcdef1"].map((id) => ({
        id,
        name: "web",
        state: "pending",
        type: "t3.small",
        zone: "eu-west-1a",
        private_ip: "10.0.0.5",
        subnet_id: "subnet-0123456789abcdef0",
      })),
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance defaults to one instance with IMDSv2 required and no tag specification", async () => {
  const aws = stubAws({
    ec2: { runInstances: () => ({ Instances: [launchedInstance("i-0123456789abcdef0")] }) },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    await callOk(client, "ec2_create_instance", { image_id: IMAGE, instance_type: "t3.micro" });
    await callOk(client, "ec2_create_instance", {
      image_id: IMAGE,
      instance_type: "t3.micro",
      http_tokens: "optional",
      iam_instance_profile: "arn:aws:iam::123456789012:instance-profile/web",
    });
    deepEqual(aws.calls.map((c) => c.input), [
      {
        ImageId: IMAGE,
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        MetadataOptions: { HttpTokens: "required" },
        DryRun: false,
      },
      {
        ImageId: IMAGE,
        InstanceType: "t3.micro",
        MinCount: 1,
        MaxCount: 1,
        IamInstanceProfile: { Arn: "arn:aws:iam::123456789012:instance-profile/web" },
        MetadataOptions: { HttpTokens: "optional" },
        DryRun: false,
      },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance with wait reports progress and answers with the running rows", async () => {
  let polls = 0;
  const aws = stubAws({
    ec2: {
      runInstances: () => ({ Instances: [launchedInstance("i-0123456789abcdef0")] }),
      describeInstances: () => ({
        Reservations: [{
          Instances: [launchedInstance("i-0123456789abcdef0", ++polls > 1 ? "running" : "pending")],
        }],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 1,
  });
  try {
    const progress: string[] = [];
    const result = await client.callTool(
      {
        name: "ec2_create_instance",
        arguments: { image_id: IMAGE, instance_type: "t3.small", wait: true },
      },
      undefined,
      { onprogress: (p) => progress.push(p.message ?? "") },
    );
    const out = result.structuredContent as {
      instances: { state: string; public_ip?: string }[];
      wait: { done: boolean; message: string };
    };
    deepEqual(progress, ["0/1 running; i-0123456789abcdef0: pending", "1/1 running"]);
    equal(out.wait.done, true);
    equal(out.instances[0]?.state, "running");
    equal(out.instances[0]?.public_ip, "203.0.113.7");
    deepEqual(aws.calls.map((c) => c.method), [
      "runInstances",
      "describeInstances",
      "describeInstances",
      "describeInstances",
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance dry_run passes DryRun and reports AWS's answer", async () => {
  const aws = stubAws({
    ec2: {
      runInstances: () => {
        throw dryRunError("DryRunOperation");
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk<{ dry_run: { would_succeed: boolean } }>(
      client,
      "ec2_create_instance",
      { image_id: IMAGE, instance_type: "t3.micro", dry_run: true },
    );
    equal(out.dry_run.would_succeed, true);
    equal((aws.calls[0]?.input as { DryRun: boolean }).DryRun, true);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance names each bad field and calls nothing", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const bad = await call(client, "ec2_create_instance", {
      image_id: "ubuntu",
      instance_type: "t3.micro",
      count: 21,
      block_devices: [{ device_name: "/dev/xvda", size_gib: 0, volume_type: "gp9" }],
      tags: { "aws:owner": "x" },
    });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: /);
    match(text(bad), /image_id: expected an id like ami-0123456789abcdef0/);
    match(text(bad), /count: expected an integer from 1 to 20/);
    match(text(bad), /block_devices\.0\.size_gib: expected an integer from 1 to 65536/);
    match(text(bad), /block_devices\.0\.volume_type: Invalid option/);
    match(text(bad), /tags: keys starting with aws: are reserved/);
    const big = await call(client, "ec2_create_instance", {
      image_id: IMAGE,
      instance_type: "t3.micro",
      user_data: "x".repeat(16_385),
    });
    match(text(big), /user_data: at most 16 KB/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_instance reports a failing wait in `wait`, not as an error, since the instances exist", async () => {
  let describes = 0;
  const aws = stubAws({
    ec2: {
      runInstances: () => ({ Instances: [launchedInstance("i-0123456789abcdef0")] }),
      describeInstances: () => {
        // Invisible at first (retried), then a failure the wait gives up on.
        describes++;
        throw describes === 1
          ? Object.assign(new Error("The instance ID 'i-0123456789abcdef0' does not exist"), {
            name: "InvalidInstanceID.NotFound",
            $fault: "client",
          })
          : Object.assign(new Error("Request limit exceeded."), {
            name: "RequestLimitExceeded",
            $fault: "client",
          });
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 1,
  });
  try {
    const out = await callOk<
      { instances: { id: string }[]; wait: { done: boolean; message: string } }
    >(
      client,
      "ec2_create_instance",
      { image_id: IMAGE, instance_type: "t3.micro", wait: true },
    );
    deepEqual(out.instances.map((i) => i.id), ["i-0123456789abcdef0"]);
    equal(out.wait.done, false);
    match(
      out.wait.message,
      /^launched, but the wait failed \(RequestLimitExceeded: .*ec2_list_instances$/,
    );
    equal(describes, 2, "a not-yet-visible instance is polled again");
  } finally {
    await close();
  }
});
