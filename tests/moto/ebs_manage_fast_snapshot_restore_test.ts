import { deepEqual, equal, match } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { startFsrStandIn } from "../_ec2_fsr_standin.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-east-2 and tags what it makes with its run id.
// moto has no fast snapshot restore API: the stand-in speaks it (EC2's query protocol, with
// a state per snapshot and zone) and forwards everything else to moto.
const REGION = "ap-east-2";
const RUN = crypto.randomUUID();
const [ZONE_A, ZONE_B] = [`${REGION}a`, `${REGION}b`];
const UNKNOWN = "snap-0123456789abcdef0";

interface Row {
  snapshot_id: string;
  zone: string;
  state?: string;
  error?: string;
}

motoTest(
  "ebs_manage_fast_snapshot_restore enables and disables per snapshot × zone through the real SDK",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = (await ec2.createVolume({ AvailabilityZone: ZONE_A, Size: 1 }))
      .VolumeId as string;
    const snap = async (tags: Record<string, string>) =>
      (await ec2.createSnapshot({
        VolumeId: volume,
        TagSpecifications: tagSpecs("snapshot", tags),
      }))
        .SnapshotId as string;
    const s1 = await snap({ run: RUN });
    const s2 = await snap({ run: RUN });
    const untagged = await snap({ other: RUN });
    const standIn = startFsrStandIn(endpoint);
    const { client, close } = await connectMoto(standIn.url, REGION, { allowWrite: true }, {
      inventory: [...ebsTools],
    });
    const fsrCalls = () => standIn.calls.filter((c) => c.action.endsWith("FastSnapshotRestores"));
    const restores = async (id: string) =>
      ((await callOk<{ fast_snapshot_restores?: Record<string, unknown>[] }>(
        client,
        "ebs_describe_snapshot",
        { snapshot_id: id },
      )).fast_snapshot_restores ?? []).map((r) => [r.AvailabilityZone, r.State]);
    try {
      await t.step("dry_run sends DryRun and changes nothing", async () => {
        const out = await callOk(client, "ebs_manage_fast_snapshot_restore", {
          action: "enable",
          snapshot_ids: [s1],
          zones: [ZONE_A],
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        equal(fsrCalls().at(-1)?.params.get("DryRun"), "true");
        deepEqual(await restores(s1), []);
      });

      await t.step(
        "enable: the SDK's form parameters, then enabling per snapshot × zone",
        async () => {
          const out = await callOk<{ action: string; results: Row[] }>(
            client,
            "ebs_manage_fast_snapshot_restore",
            { action: "enable", snapshot_ids: [s1, s2], zones: [ZONE_A, ZONE_B] },
          );
          equal(out.action, "enable");
          deepEqual(out.results, [
            { snapshot_id: s1, zone: ZONE_A, state: "enabling" },
            { snapshot_id: s1, zone: ZONE_B, state: "enabling" },
            { snapshot_id: s2, zone: ZONE_A, state: "enabling" },
            { snapshot_id: s2, zone: ZONE_B, state: "enabling" },
          ]);
          const sent = fsrCalls().at(-1);
          equal(sent?.action, "EnableFastSnapshotRestores");
          equal(sent?.region, REGION);
          deepEqual(Object.fromEntries(sent?.params ?? []), {
            Action: "EnableFastSnapshotRestores",
            Version: "2016-11-15",
            "SourceSnapshotId.1": s1,
            "SourceSnapshotId.2": s2,
            "AvailabilityZone.1": ZONE_A,
            "AvailabilityZone.2": ZONE_B,
            DryRun: "false",
          });
          deepEqual(await restores(s1), [[ZONE_A, "enabled"], [ZONE_B, "enabled"]]);
        },
      );

      await t.step(
        "AWS's Unsuccessful items become error rows beside the successful ones",
        async () => {
          const out = await callOk<{ results: Row[] }>(client, "ebs_manage_fast_snapshot_restore", {
            action: "enable",
            snapshot_ids: [s2, UNKNOWN],
            zones: [ZONE_B, `${REGION}z`],
          });
          deepEqual(out.results, [
            { snapshot_id: s2, zone: ZONE_B, state: "enabled" },
            {
              snapshot_id: s2,
              zone: `${REGION}z`,
              error: `InvalidParameterValue: Invalid availability zone: [${REGION}z]`,
            },
            {
              snapshot_id: UNKNOWN,
              zone: ZONE_B,
              error: `InvalidSnapshot.NotFound: The snapshot '${UNKNOWN}' does not exist.`,
            },
            {
              snapshot_id: UNKNOWN,
              zone: `${REGION}z`,
              error: `InvalidSnapshot.NotFound: The snapshot '${UNKNOWN}' does not exist.`,
            },
          ]);
        },
      );

      await t.step(
        "disable: disabling now, disabled when described; the other zone stays",
        async () => {
          const out = await callOk<{ results: Row[] }>(client, "ebs_manage_fast_snapshot_restore", {
            action: "disable",
            snapshot_ids: [s1],
            zones: [ZONE_A],
          });
          deepEqual(out.results, [{ snapshot_id: s1, zone: ZONE_A, state: "disabling" }]);
          equal(fsrCalls().at(-1)?.action, "DisableFastSnapshotRestores");
          deepEqual(await restores(s1), [[ZONE_A, "disabled"], [ZONE_B, "enabled"]]);
        },
      );

      await t.step("zones of another region are refused before any call", async () => {
        const before = fsrCalls().length;
        const result = await call(client, "ebs_manage_fast_snapshot_restore", {
          action: "enable",
          snapshot_ids: [s1],
          zones: ["ap-southeast-5a"],
        });
        match(text(result), /^InvalidInput: zones: ap-southeast-5a not in ap-east-2/);
        equal(fsrCalls().length, before);
      });

      await t.step("--require-tag refuses an untagged snapshot before any FSR call", async () => {
        const guarded = await connectMoto(standIn.url, REGION, {
          allowWrite: true,
          requireTag: { key: "run", value: RUN },
        }, { inventory: [...ebsTools] });
        try {
          const before = fsrCalls().length;
          const refused = await call(guarded.client, "ebs_manage_fast_snapshot_restore", {
            action: "enable",
            snapshot_ids: [s2, untagged],
            zones: [ZONE_A],
          });
          match(
            text(refused),
            new RegExp(`^RequiredTagMissing: refused: ${untagged} does not carry run=${RUN}`),
          );
          equal(fsrCalls().length, before);
          const out = await callOk<{ results: Row[] }>(
            guarded.client,
            "ebs_manage_fast_snapshot_restore",
            {
              action: "disable",
              snapshot_ids: [s2],
              zones: [ZONE_A, ZONE_B],
            },
          );
          deepEqual(out.results.map((r) => r.state), ["disabling", "disabling"]);
        } finally {
          await guarded.close();
        }
      });
    } finally {
      await close();
      await standIn.close();
      for (const id of [s1, s2, untagged]) {
        await ec2.deleteSnapshot({ SnapshotId: id }).catch(() => {});
      }
      await ec2.deleteVolume({ VolumeId: volume }).catch(() => {});
    }
  },
);
