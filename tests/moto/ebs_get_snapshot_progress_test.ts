import { deepEqual, equal, match, ok } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-southeast-5 and tags what it makes with its run id.
const REGION = "ap-southeast-5";
const RUN = crypto.randomUUID();
const UNKNOWN = "snap-0123456789abcdef0";

interface Progress {
  snapshots: { id: string; state: string; progress?: number; started?: string; elapsed?: string }[];
  not_found?: string[];
}

motoTest(
  "ebs_get_snapshot_progress reports state and percent, and names unknown ids",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = (await ec2.createVolume({ AvailabilityZone: `${REGION}a`, Size: 2 }))
      .VolumeId as string;
    const snap = async () => (await ec2.createSnapshot({
      VolumeId: volume,
      TagSpecifications: tagSpecs("snapshot", { run: RUN }),
    }));
    const [a, b] = [await snap(), await snap()];
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [...ebsTools],
    });
    try {
      await t.step("completed snapshots in request order; an unknown id in not_found", async () => {
        const out = await callOk<Progress>(client, "ebs_get_snapshot_progress", {
          snapshot_ids: [b.SnapshotId, UNKNOWN, a.SnapshotId],
        });
        deepEqual(
          out.snapshots.map(({ id, state, progress, started }) => ({
            id,
            state,
            progress,
            started,
          })),
          [
            {
              id: b.SnapshotId,
              state: "completed",
              progress: 100,
              started: b.StartTime?.toISOString(),
            },
            {
              id: a.SnapshotId,
              state: "completed",
              progress: 100,
              started: a.StartTime?.toISOString(),
            },
          ],
        );
        // moto reports no CompletionTime, so a completed snapshot has no elapsed time to give.
        ok(out.snapshots.every((s) => s.elapsed === undefined));
        deepEqual(out.not_found, [UNKNOWN]);
      });

      await t.step("a deleted snapshot is reported as not found", async () => {
        await ec2.deleteSnapshot({ SnapshotId: a.SnapshotId });
        const out = await callOk<Progress>(client, "ebs_get_snapshot_progress", {
          snapshot_ids: [a.SnapshotId],
        });
        deepEqual(out.snapshots, []);
        deepEqual(out.not_found, [a.SnapshotId]);
      });

      await t.step("bad ids are named", async () => {
        const bad = await call(client, "ebs_get_snapshot_progress", { snapshot_ids: [volume] });
        match(text(bad), /^InvalidInput: snapshot_ids\.0: expected an id like snap-/);
        equal(bad.isError, true);
      });
    } finally {
      await close();
      for (const s of [a, b]) {
        await ec2.deleteSnapshot({ SnapshotId: s.SnapshotId }).catch(
          () => {},
        );
      }
      await ec2.deleteVolume({ VolumeId: volume }).catch(() => {});
    }
  },
);
