import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { restoreVolumeFromSnapshot } from "../../tools/ebs/restore_volume_from_snapshot.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";
import { cleanUp, runTags, runVolumes, seedVolume, type VolumeRow } from "./_ebs.ts";

// moto's state is global: this file works in ap-south-1, only on volumes and snapshots it
// created and tagged with its own run id.
const REGION = "ap-south-1";
const RUN = crypto.randomUUID();

interface Restored {
  volume?: VolumeRow;
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ebs_restore_volume_from_snapshot restores into another zone, never smaller",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const source = await seedVolume(ec2, RUN, "source", `${REGION}a`, 16, "gp2");
    const snapshot = (await ec2.createSnapshot({
      VolumeId: source,
      TagSpecifications: [{ ResourceType: "snapshot", Tags: runTags(RUN, "nightly") }],
    })).SnapshotId as string;
    const writer = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [restoreVolumeFromSnapshot, describeVolumes],
      waitIntervalMs: 50,
    });
    const { client } = writer;
    const created: string[] = [source];
    try {
      await t.step("dry_run answers would-succeed and restores nothing", async () => {
        const dry = await callOk<Restored>(client, "ebs_restore_volume_from_snapshot", {
          snapshot_id: snapshot,
          zone: `${REGION}b`,
          tags: { run: RUN },
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        deepEqual(Object.keys(await runVolumes(client, RUN)), [source]);
      });

      await t.step("a size below the snapshot's is refused, naming both sizes", async () => {
        const refused = await call(client, "ebs_restore_volume_from_snapshot", {
          snapshot_id: snapshot,
          zone: `${REGION}b`,
          size_gib: 8,
          tags: { run: RUN },
        });
        equal(refused.isError, true);
        match(
          text(refused),
          new RegExp(
            `^InvalidInput: size_gib: 8 is smaller than snapshot ${snapshot} \\(16 GiB\\)`,
          ),
        );
        deepEqual(Object.keys(await runVolumes(client, RUN)), [source]);
      });

      await t.step(
        "a restore into another zone waits with progress and keeps the size",
        async () => {
          const progress: string[] = [];
          const result = await client.callTool(
            {
              name: "ebs_restore_volume_from_snapshot",
              arguments: {
                snapshot_id: snapshot,
                zone: `${REGION}c`,
                tags: { run: RUN, Name: "restored" },
                wait: true,
              },
            },
            undefined,
            { onprogress: (p) => progress.push(String(p.message)) },
          );
          equal(result.isError, undefined, JSON.stringify(result.content));
          const out = result.structuredContent as Restored;
          const id = out.volume?.id as string;
          created.push(id);
          equal(out.wait?.done, true);
          ok(progress.length >= 1);
          equal(progress.at(-1), "1/1 available");
          const seen = (await runVolumes(client, RUN))[id];
          equal(seen?.snapshot_id, snapshot);
          equal(seen?.zone, `${REGION}c`);
          equal(seen?.size_gib, 16);
          equal(seen?.type, "gp3");
          equal(seen?.name, "restored");
        },
      );

      await t.step("a larger size is accepted", async () => {
        const out = await callOk<Restored>(client, "ebs_restore_volume_from_snapshot", {
          snapshot_id: snapshot,
          zone: `${REGION}a`,
          size_gib: 32,
          type: "gp2",
          tags: { run: RUN },
        });
        created.push(out.volume?.id as string);
        equal(out.volume?.size_gib, 32);
        equal(out.volume?.type, "gp2");
      });
    } finally {
      await writer.close();
      await cleanUp(ec2, created);
      await ec2.deleteSnapshot({ SnapshotId: snapshot }).catch(() => {});
    }
  },
);
