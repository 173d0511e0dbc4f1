import { deepEqual, equal, match, ok } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { startFsrStandIn } from "../_ec2_fsr_standin.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-east-2 and tags what it makes with its run id.
const REGION = "ap-east-2";
const RUN = crypto.randomUUID();

interface Described {
  snapshot: Record<string, unknown>;
  create_volume_permissions?: Record<string, unknown>[];
  fast_snapshot_restores?: Record<string, unknown>[];
  notes?: string[];
}

motoTest(
  "ebs_describe_snapshot gives the AWS shape, sharing and fast snapshot restore state",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = (await ec2.createVolume({ AvailabilityZone: `${REGION}a`, Size: 4 }))
      .VolumeId as string;
    const id = (await ec2.createSnapshot({
      VolumeId: volume,
      Description: `described ${RUN}`,
      TagSpecifications: tagSpecs("snapshot", { run: RUN }),
    })).SnapshotId as string;
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [...ebsTools],
    });
    const standIn = startFsrStandIn(endpoint);
    const viaStandIn = await connectMoto(standIn.url, REGION, {}, {
      inventory: [...ebsTools],
    });
    try {
      await t.step(
        "the pruned AWS shape; private snapshot; moto's missing FSR API is a note",
        async () => {
          const out = await callOk<Described>(client, "ebs_describe_snapshot", { snapshot_id: id });
          equal(out.snapshot.SnapshotId, id);
          equal(out.snapshot.VolumeId, volume);
          equal(out.snapshot.VolumeSize, 4);
          equal(out.snapshot.State, "completed");
          equal(out.snapshot.Description, `described ${RUN}`);
          deepEqual(out.snapshot.Tags, [{ Key: "run", Value: RUN }]);
          ok(typeof out.snapshot.StartTime === "string");
          deepEqual(out.create_volume_permissions, []);
          equal(out.fast_snapshot_restores, undefined);
          equal(out.notes?.length, 1);
          match(out.notes?.[0] ?? "", /^fast_snapshot_restores unavailable: /);
        },
      );

      await t.step("create-volume permissions show the accounts it is shared with", async () => {
        await ec2.modifySnapshotAttribute({
          SnapshotId: id,
          Attribute: "createVolumePermission",
          OperationType: "add",
          UserIds: ["111122223333"],
        });
        const out = await callOk<Described>(client, "ebs_describe_snapshot", { snapshot_id: id });
        deepEqual(out.create_volume_permissions, [{ UserId: "111122223333" }]);
      });

      await t.step("fast snapshot restore state per zone, where the API answers", async () => {
        const none = await callOk<Described>(viaStandIn.client, "ebs_describe_snapshot", {
          snapshot_id: id,
        });
        deepEqual(none.fast_snapshot_restores, []);
        equal(none.notes, undefined);
        const fsr = await motoEc2(standIn.url, REGION);
        await fsr.enableFastSnapshotRestores({
          SourceSnapshotIds: [id],
          AvailabilityZones: [`${REGION}b`],
        });
        const out = await callOk<Described>(viaStandIn.client, "ebs_describe_snapshot", {
          snapshot_id: id,
        });
        deepEqual(
          out.fast_snapshot_restores?.map((r) => [r.SnapshotId, r.AvailabilityZone, r.State]),
          [[id, `${REGION}b`, "enabled"]],
        );
        const asked = standIn.calls.filter((c) => c.action === "DescribeFastSnapshotRestores").at(
          -1,
        );
        equal(asked?.params.get("Filter.1.Name"), "snapshot-id");
        equal(asked?.params.get("Filter.1.Value.1"), id);
      });

      await t.step("an unknown snapshot is AWS's NotFound", async () => {
        const gone = await call(client, "ebs_describe_snapshot", {
          snapshot_id: "snap-0123456789abcdef0",
        });
        match(text(gone), /^InvalidSnapshot\.NotFound: /);
      });
    } finally {
      await close();
      await viaStandIn.close();
      await standIn.close();
      await ec2.deleteSnapshot({ SnapshotId: id }).catch(() => {});
      await ec2.deleteVolume({ VolumeId: volume }).catch(() => {});
    }
  },
);
