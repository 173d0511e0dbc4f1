import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeSnapshot } from "./describe_snapshot.ts";

const SNAP = "snap-0123456789abcdef0";
const VOLUME = "vol-0123456789abcdef0";
const snapshot = {
  SnapshotId: SNAP,
  VolumeId: VOLUME,
  State: "completed",
  Progress: "100%",
  StartTime: new Date("2026-01-01T00:00:00.000Z"),
  VolumeSize: 8,
  Encrypted: false,
  Description: "",
  OwnerId: "123456789012",
  Tags: [],
  StateMessage: undefined,
};
const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: "client" });

Deno.test("ebs_describe_snapshot gives the pruned AWS shape, permissions and FSR per zone", async () => {
  const aws = stubAws({
    ec2: {
      describeSnapshots: () => ({ Snapshots: [snapshot], $metadata: { httpStatusCode: 200 } }),
      describeSnapshotAttribute: () => ({
        SnapshotId: SNAP,
        CreateVolumePermissions: [{ UserId: "111122223333" }, { Group: "all" }],
      }),
      describeFastSnapshotRestores: () => ({
        FastSnapshotRestores: [{
          SnapshotId: SNAP,
          AvailabilityZone: "us-east-1a",
          State: "enabled",
          EnabledTime: new Date("2026-01-02T00:00:00.000Z"),
          DisabledTime: undefined,
        }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSnapshot] });
  try {
    const out = await callOk(client, "ebs_describe_snapshot", { snapshot_id: SNAP });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      snapshot: {
        SnapshotId: SNAP,
        VolumeId: VOLUME,
        State: "completed",
        Progress: "100%",
        StartTime: "2026-01-01T00:00:00.000Z",
        VolumeSize: 8,
        Encrypted: false,
        OwnerId: "123456789012",
      },
      create_volume_permissions: [{ UserId: "111122223333" }, { Group: "all" }],
      fast_snapshot_restores: [{
        SnapshotId: SNAP,
        AvailabilityZone: "us-east-1a",
        State: "enabled",
        EnabledTime: "2026-01-02T00:00:00.000Z",
      }],
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["describeSnapshotAttribute", { SnapshotId: SNAP, Attribute: "createVolumePermission" }],
      ["describeFastSnapshotRestores", { Filters: [{ Name: "snapshot-id", Values: [SNAP] }] }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_snapshot keeps an empty permission list and notes lookups that failed", async () => {
  const aws = stubAws({
    ec2: {
      describeSnapshots: () => ({ Snapshots: [snapshot] }),
      describeSnapshotAttribute: () => ({ SnapshotId: SNAP, CreateVolumePermissions: [] }),
      describeFastSnapshotRestores: () => {
        throw awsError(
          "InvalidAction",
          "The action DescribeFastSnapshotRestores is not valid for this web service.",
        );
      },
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSnapshot] });
  try {
    const out = await callOk(client, "ebs_describe_snapshot", { snapshot_id: SNAP });
    deepEqual(out.create_volume_permissions, []);
    equal(out.fast_snapshot_restores, undefined);
    deepEqual(out.notes, [
      "fast_snapshot_restores unavailable: InvalidAction: The action DescribeFastSnapshotRestores is not valid for this web service.",
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_snapshot of someone else's public snapshot notes the refused attribute", async () => {
  const aws = stubAws({
    ec2: {
      describeSnapshots: () => ({ Snapshots: [{ ...snapshot, OwnerId: "801119661308" }] }),
      describeSnapshotAttribute: () => {
        throw awsError("AuthFailure", "Not authorized for snapshot");
      },
      describeFastSnapshotRestores: () => ({ FastSnapshotRestores: [] }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSnapshot] });
  try {
    const out = await callOk(client, "ebs_describe_snapshot", { snapshot_id: SNAP });
    deepEqual(out.fast_snapshot_restores, []);
    deepEqual(out.notes, [
      "create_volume_permissions unavailable: AuthFailure: Not authorized for snapshot",
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_snapshot reports an unknown snapshot and a malformed id", async () => {
  const aws = stubAws({
    ec2: {
      describeSnapshots: () => {
        throw awsError("InvalidSnapshot.NotFound", `The snapshot '${SNAP}' does not exist.`);
      },
      describeSnapshotAttribute: () => {
        throw awsError("InvalidSnapshot.NotFound", "gone");
      },
      describeFastSnapshotRestores: () => ({}),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSnapshot] });
  try {
    const gone = await call(client, "ebs_describe_snapshot", { snapshot_id: SNAP });
    match(
      text(gone),
      new RegExp(
        `^InvalidSnapshot\\.NotFound: The snapshot '${SNAP}' does not exist — check the id exists in us-east-1`,
      ),
    );
    const bad = await call(client, "ebs_describe_snapshot", { snapshot_id: "snap-0123" });
    match(text(bad), /^InvalidInput: snapshot_id: expected an id like snap-0123456789abcdef0/);
  } finally {
    await close();
  }
});
