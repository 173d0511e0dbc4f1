import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { restoreVolumeFromSnapshot } from "./restore_volume_from_snapshot.ts";

const VOL = "vol-0123456789abcdef0";
const SNAP = "snap-0123456789abcdef0";
const inventory = [restoreVolumeFromSnapshot];

const stubs = {
  describeSnapshots: () => ({ Snapshots: [{ SnapshotId: SNAP, VolumeSize: 100 }] }),
  createVolume: (input: Record<string, unknown>) => ({
    VolumeId: VOL,
    Size: input.Size ?? 100,
    VolumeType: input.VolumeType,
    SnapshotId: SNAP,
    AvailabilityZone: input.AvailabilityZone,
    State: "creating",
    Encrypted: true,
  }),
};

Deno.test("ebs_restore_volume_from_snapshot creates a tagged volume from the snapshot", async () => {
  const aws = stubAws({ ec2: stubs });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_restore_volume_from_snapshot", {
      snapshot_id: SNAP,
      zone: "us-east-1c",
      size_gib: 200,
      type: "gp3",
      iops: 6000,
      encrypted: true,
      tags: { Name: "restored" },
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["createVolume", {
        AvailabilityZone: "us-east-1c",
        Size: 200,
        SnapshotId: SNAP,
        VolumeType: "gp3",
        Iops: 6000,
        Encrypted: true,
        TagSpecifications: [{ ResourceType: "volume", Tags: [{ Key: "Name", Value: "restored" }] }],
        DryRun: false,
      }],
    ]);
    deepEqual(out.volume, {
      id: VOL,
      size_gib: 200,
      type: "gp3",
      encrypted: true,
      zone: "us-east-1c",
      state: "creating",
      snapshot_id: SNAP,
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_restore_volume_from_snapshot keeps the snapshot's size when size_gib is left out", async () => {
  const aws = stubAws({ ec2: stubs });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk<{ volume: { size_gib: number } }>(
      client,
      "ebs_restore_volume_from_snapshot",
      { snapshot_id: SNAP, zone: "us-east-1a", type: "st1" },
    );
    equal(out.volume.size_gib, 100);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["createVolume", {
        AvailabilityZone: "us-east-1a",
        SnapshotId: SNAP,
        VolumeType: "st1",
        DryRun: false,
      }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_restore_volume_from_snapshot refuses a size below the snapshot's without creating", async () => {
  const aws = stubAws({ ec2: stubs });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (const dry_run of [false, true]) {
      const refused = await call(client, "ebs_restore_volume_from_snapshot", {
        snapshot_id: SNAP,
        zone: "us-east-1a",
        size_gib: 50,
        dry_run,
      });
      equal(refused.isError, true);
      match(text(refused), /^InvalidInput: size_gib: 50 is smaller than snapshot .* \(100 GiB\)/);
    }
    deepEqual(aws.calls.map((c) => c.method), ["describeSnapshots", "describeSnapshots"]);
  } finally {
    await close();
  }
});

Deno.test("ebs_restore_volume_from_snapshot names a missing snapshot_id and bad throughput", async () => {
  const aws = stubAws({ ec2: stubs });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const missing = await call(client, "ebs_restore_volume_from_snapshot", { zone: "us-east-1a" });
    equal(missing.isError, true);
    match(text(missing), /snapshot_id: Invalid input: expected string/);
    const gp2 = await call(client, "ebs_restore_volume_from_snapshot", {
      snapshot_id: SNAP,
      zone: "us-east-1a",
      type: "gp2",
      throughput: 300,
    });
    match(text(gp2), /^InvalidInput: throughput: only gp3 volumes take throughput; type is gp2/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
