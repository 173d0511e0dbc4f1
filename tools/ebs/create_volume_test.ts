import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { createVolume } from "./create_volume.ts";

const VOL = "vol-0123456789abcdef0";
const SNAP = "snap-0123456789abcdef0";
const inventory = [createVolume];
const created = new Date("2026-01-02T03:04:05.000Z");

function dryRunError() {
  return Object.assign(new Error("Request would have succeeded, but DryRun flag is set."), {
    name: "DryRunOperation",
    $fault: "client",
  });
}

const answer = (input: Record<string, unknown>) => ({
  VolumeId: VOL,
  Size: input.Size,
  VolumeType: input.VolumeType,
  Iops: input.Iops ?? 3000,
  AvailabilityZone: input.AvailabilityZone,
  State: "creating",
  Encrypted: input.Encrypted ?? false,
  CreateTime: created,
  Tags: [{ Key: "Name", Value: "scratch" }],
});

Deno.test("ebs_create_volume sends CreateVolume with gp3, tags and DryRun, and returns the row", async () => {
  const aws = stubAws({ ec2: { createVolume: answer } });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_create_volume", {
      zone: "us-east-1a",
      size_gib: 20,
      throughput: 250,
      tags: { Name: "scratch" },
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["createVolume", {
        AvailabilityZone: "us-east-1a",
        Size: 20,
        VolumeType: "gp3",
        Throughput: 250,
        TagSpecifications: [{
          ResourceType: "volume",
          Tags: [{ Key: "Name", Value: "scratch" }, { Key: "owner", Value: "agent" }],
        }],
        DryRun: false,
      }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      volume: {
        id: VOL,
        name: "scratch",
        size_gib: 20,
        type: "gp3",
        iops: 3000,
        encrypted: false,
        zone: "us-east-1a",
        state: "creating",
        created: "2026-01-02T03:04:05.000Z",
      },
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_create_volume passes io2 iops, and a KMS key as an encrypted volume", async () => {
  const aws = stubAws({ ec2: { createVolume: answer } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    await callOk(client, "ebs_create_volume", {
      zone: "us-east-1b",
      size_gib: 50,
      type: "io2",
      iops: 5000,
      kms_key_id: "alias/data",
    });
    deepEqual(aws.calls[0]?.input, {
      AvailabilityZone: "us-east-1b",
      Size: 50,
      VolumeType: "io2",
      Iops: 5000,
      Encrypted: true,
      KmsKeyId: "alias/data",
      DryRun: false,
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_create_volume from a snapshot checks that size_gib holds it", async () => {
  const aws = stubAws({
    ec2: {
      describeSnapshots: () => ({ Snapshots: [{ SnapshotId: SNAP, VolumeSize: 30 }] }),
      createVolume: answer,
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const small = await call(client, "ebs_create_volume", {
      zone: "us-east-1a",
      snapshot_id: SNAP,
      size_gib: 10,
    });
    equal(small.isError, true);
    equal(
      text(small),
      `InvalidInput: size_gib: 10 is smaller than snapshot ${SNAP} (30 GiB); give at least 30 or leave it out — fix the arguments and retry`,
    );
    await callOk(client, "ebs_create_volume", { zone: "us-east-1a", snapshot_id: SNAP });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["createVolume", {
        AvailabilityZone: "us-east-1a",
        SnapshotId: SNAP,
        VolumeType: "gp3",
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_create_volume refuses type-specific mistakes before calling AWS, naming the field", async () => {
  const aws = stubAws({ ec2: { createVolume: answer } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { size_gib: 10, type: "gp2", iops: 3000 },
      /^InvalidInput: iops: only gp3, io1 and io2 .*type is gp2/,
    ],
    [
      { size_gib: 10, type: "io1", iops: 3000, throughput: 500 },
      /^InvalidInput: throughput: only gp3 .*type is io1/,
    ],
    [{ size_gib: 10, type: "io2" }, /^InvalidInput: iops: required for io2 volumes/],
    [{ type: "st1" }, /^InvalidInput: size_gib: required unless snapshot_id is given/],
    [
      { size_gib: 10, encrypted: false, kms_key_id: "alias/x" },
      /^InvalidInput: kms_key_id: needs encrypted: true/,
    ],
    [{ size_gib: 0 }, /^InvalidInput: size_gib: expected a positive integer/],
    [
      { size_gib: 10, type: "gp4" },
      /^InvalidInput: type: Invalid option: expected one of "gp3"\|"gp2"/,
    ],
  ];
  try {
    for (const [args, expected] of cases) {
      const refused = await call(client, "ebs_create_volume", { zone: "us-east-1a", ...args });
      equal(refused.isError, true, JSON.stringify(args));
      match(text(refused), expected);
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_create_volume dry_run answers would-succeed from AWS's DryRunOperation", async () => {
  const aws = stubAws({
    ec2: {
      createVolume: () => {
        throw dryRunError();
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_create_volume", {
      zone: "us-east-1a",
      size_gib: 8,
      dry_run: true,
    });
    deepEqual(out.dry_run, {
      would_succeed: true,
      message: "the request would have succeeded; nothing was changed",
    });
    equal(out.volume, undefined);
    deepEqual(aws.calls.map((c) => (c.input as { DryRun: boolean }).DryRun), [true]);
  } finally {
    await close();
  }
});

Deno.test("ebs_create_volume with wait polls DescribeVolumes until available", async () => {
  const polls = ["creating", "available"];
  const aws = stubAws({
    ec2: {
      createVolume: answer,
      describeVolumes: () => ({
        Volumes: [{
          VolumeId: VOL,
          Size: 8,
          VolumeType: "gp3",
          State: polls.shift() ?? "available",
        }],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const out = await callOk<{ volume: { state: string }; wait: Record<string, unknown> }>(
      client,
      "ebs_create_volume",
      { zone: "us-east-1a", size_gib: 8, wait: true },
    );
    equal(out.volume.state, "available");
    deepEqual(
      { ...out.wait, waited_ms: 0 },
      { done: true, message: "1/1 available", waited_ms: 0 },
    );
    const polled = aws.calls.filter((c) => c.method === "describeVolumes");
    equal(polled.length, 2);
    deepEqual(polled[0]?.input, { Filters: [{ Name: "volume-id", Values: [VOL] }] });
  } finally {
    await close();
  }
});

Deno.test("ebs_create_volume with wait stops at a volume in state error, naming it", async () => {
  const aws = stubAws({
    ec2: {
      createVolume: answer,
      describeVolumes: () => ({ Volumes: [{ VolumeId: VOL, State: "error" }] }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const failed = await call(client, "ebs_create_volume", {
      zone: "us-east-1a",
      size_gib: 8,
      encrypted: true,
      wait: true,
    });
    equal(failed.isError, true);
    match(text(failed), new RegExp(`^VolumeError: volume ${VOL} is in state error — `));
    equal(aws.calls.filter((c) => c.method === "describeVolumes").length, 1);
  } finally {
    await close();
  }
});
