import { equal, ok } from "node:assert/strict";
import { callOk, connectMoto, motoEc2, motoImageId, motoTest, tagSpecs } from "../_helpers.ts";

// The whole life of a volume through the MCP tools only. moto's state is global: this file owns
// ap-southeast-6 and tags what it makes with its own run id.
const REGION = "ap-southeast-6";
const RUN = crypto.randomUUID();

interface Volume {
  volume: { id: string; state?: string; zone?: string; snapshot_id?: string; size_gib?: number };
}

motoTest(
  "ebs: create → attach → snapshot → restore → detach → delete, every step seen by the read tools",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const launched = await ec2.runInstances({
      ImageId: await motoImageId(ec2),
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: tagSpecs("instance", { run: RUN }),
    });
    const instance = launched.Instances![0]!;
    const zone = instance.Placement!.AvailabilityZone!;
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowDestructive: true,
      waiveConfirmation: true,
    }, {
      waitIntervalMs: 20,
    });
    const describe = async (id: string) =>
      (await callOk<{ volumes: { id: string; state: string }[] }>(client, "ebs_describe_volumes", {
        volume_ids: [id],
      })).volumes[0];
    try {
      let volume = "";
      let snapshot = "";
      let restored = "";
      await t.step("create a 20 GiB gp3 volume and wait for it", async () => {
        const out = await callOk<Volume>(client, "ebs_create_volume", {
          zone,
          size_gib: 20,
          tags: { run: RUN },
          wait: true,
        });
        volume = out.volume.id;
        equal((await describe(volume))?.state, "available");
      });
      await t.step("attach it to the instance", async () => {
        await callOk(client, "ebs_attach_volume", {
          volume_id: volume,
          instance_id: instance.InstanceId,
          device: "/dev/sdf",
          wait: true,
        });
        equal((await describe(volume))?.state, "in-use");
      });
      await t.step("snapshot it and wait until completed", async () => {
        const out = await callOk<{ snapshot_id: string; state: string }>(
          client,
          "ebs_create_snapshot",
          {
            volume_id: volume,
            description: `round trip ${RUN}`,
            tags: { run: RUN },
            wait: true,
          },
        );
        snapshot = out.snapshot_id;
        const listed = await callOk<{ snapshots: { id: string; state: string }[] }>(
          client,
          "ebs_list_snapshots",
          {
            snapshot_ids: [snapshot],
          },
        );
        equal(listed.snapshots[0]?.state, "completed");
      });
      await t.step("restore a new volume from the snapshot", async () => {
        const out = await callOk<Volume>(client, "ebs_restore_volume_from_snapshot", {
          snapshot_id: snapshot,
          zone,
          tags: { run: RUN },
          wait: true,
        });
        restored = out.volume.id;
        equal(out.volume.snapshot_id, snapshot);
        equal(out.volume.size_gib, 20);
      });
      await t.step("detach the original", async () => {
        await callOk(client, "ebs_detach_volume", {
          volume_id: volume,
          instance_id: instance.InstanceId,
          wait: true,
        });
        equal((await describe(volume))?.state, "available");
      });
      await t.step("delete both volumes and the snapshot", async () => {
        for (const id of [volume, restored]) {
          const out = await callOk<{ confirmation: string }>(client, "ebs_delete_volume", {
            volume_id: id,
          });
          equal(out.confirmation, "waived");
        }
        await callOk(client, "ebs_delete_snapshot", { snapshot_id: snapshot });
        const left = await callOk<{ volumes: unknown[] }>(client, "ebs_describe_volumes", {
          tags: { run: RUN },
        });
        equal(left.volumes.length, 0);
        const snapshots = await callOk<{ snapshots: unknown[] }>(client, "ebs_list_snapshots", {
          tags: { run: RUN },
        });
        ok(snapshots.snapshots.length === 0);
      });
    } finally {
      await close();
    }
  },
);
