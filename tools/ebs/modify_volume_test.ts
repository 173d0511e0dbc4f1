import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { modifyVolume } from "./modify_volume.ts";

const VOL = "vol-0123456789abcdef0";
const inventory = [modifyVolume];
const started = new Date("2026-01-02T03:04:05.000Z");
const current = {
  VolumeId: VOL,
  Size: 100,
  VolumeType: "gp3",
  AvailabilityZone: "us-east-1a",
  Tags: [{ Key: "Name", Value: "data" }],
};

function stubs(state = "modifying") {
  return {
    describeVolumes: () => ({ Volumes: [current] }),
    modifyVolume: () => ({
      VolumeModification: { VolumeId: VOL, ModificationState: "modifying", Progress: 0 },
    }),
    describeVolumesModifications: () => ({
      VolumesModifications: [
        {
          VolumeId: VOL,
          ModificationState: "completed",
          StartTime: new Date("2025-01-01T00:00:00Z"),
        },
        {
          VolumeId: VOL,
          ModificationState: state,
          Progress: 40,
          OriginalSize: 100,
          TargetSize: 200,
          OriginalVolumeType: "gp3",
          TargetVolumeType: "gp3",
          OriginalIops: 3000,
          TargetIops: 6000,
          StartTime: started,
        },
      ],
    }),
  };
}

Deno.test("ebs_modify_volume sends ModifyVolume with DryRun and reports the newest modification", async () => {
  const aws = stubAws({ ec2: stubs("optimizing") });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_modify_volume", {
      volume_id: VOL,
      size_gib: 200,
      iops: 6000,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVolumes", { VolumeIds: [VOL] }],
      ["modifyVolume", { VolumeId: VOL, Size: 200, Iops: 6000, DryRun: false }],
      ["describeVolumesModifications", { VolumeIds: [VOL] }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      volume_id: VOL,
      modification_state: "optimizing",
      progress: 40,
      original_size_gib: 100,
      target_size_gib: 200,
      original_type: "gp3",
      target_type: "gp3",
      original_iops: 3000,
      target_iops: 6000,
      start_time: "2026-01-02T03:04:05.000Z",
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_modify_volume refuses to shrink, naming the current size, before any change", async () => {
  const aws = stubAws({ ec2: stubs() });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const refused = await call(client, "ebs_modify_volume", { volume_id: VOL, size_gib: 50 });
    equal(refused.isError, true);
    equal(
      text(refused),
      `InvalidInput: size_gib: 50 is smaller than the current 100 GiB of ${VOL} ("data", 100 GiB gp3, us-east-1a); EBS volumes can only grow — fix the arguments and retry`,
    );
    deepEqual(aws.calls.map((c) => c.method), ["describeVolumes"]);
  } finally {
    await close();
  }
});

Deno.test("ebs_modify_volume checks iops and throughput against the resulting type", async () => {
  const aws = stubAws({ ec2: stubs() });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const st1 = await call(client, "ebs_modify_volume", { volume_id: VOL, type: "st1", iops: 500 });
    match(text(st1), /^InvalidInput: iops: only gp3, io1 and io2 volumes take iops; type is st1/);
    const io2 = await call(client, "ebs_modify_volume", {
      volume_id: VOL,
      type: "io2",
      throughput: 500,
    });
    match(text(io2), /^InvalidInput: throughput: only gp3 volumes take throughput; type is io2/);
    const nothing = await call(client, "ebs_modify_volume", { volume_id: VOL });
    match(text(nothing), /^InvalidInput: nothing to change: give at least one of size_gib/);
    equal(aws.calls.filter((c) => c.method === "modifyVolume").length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_modify_volume dry_run passes DryRun: true and reports would-succeed", async () => {
  const aws = stubAws({
    ec2: {
      ...stubs(),
      modifyVolume: () => {
        throw Object.assign(new Error("Request would have succeeded, but DryRun flag is set."), {
          name: "DryRunOperation",
          $fault: "client",
        });
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_modify_volume", {
      volume_id: VOL,
      type: "io2",
      iops: 8000,
      dry_run: true,
    });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVolumes", { VolumeIds: [VOL] }],
      ["modifyVolume", { VolumeId: VOL, VolumeType: "io2", Iops: 8000, DryRun: true }],
    ]);
  } finally {
    await close();
  }
});
