import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { CallToolResult } from "../../server/mcp.ts";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-east-2 and tags what it makes with its run id.
const REGION = "ap-east-2";
const RUN = crypto.randomUUID();

motoTest(
  "ebs_create_snapshot snapshots a volume, waits with progress, honours dry_run and the tag rule",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = (await ec2.createVolume({
      AvailabilityZone: `${REGION}a`,
      Size: 8,
      TagSpecifications: tagSpecs("volume", { run: RUN }),
    })).VolumeId as string;
    const untagged = (await ec2.createVolume({ AvailabilityZone: `${REGION}b`, Size: 1 }))
      .VolumeId as string;
    const mine = async () =>
      (await ec2.describeSnapshots({ Filters: [{ Name: "tag:run", Values: [RUN] }] })).Snapshots ??
        [];
    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [...ebsTools],
      waitIntervalMs: 50,
    });
    try {
      await t.step("dry_run creates nothing", async () => {
        const out = await callOk(client, "ebs_create_snapshot", {
          volume_id: volume,
          tags: { run: RUN },
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(await mine(), []);
      });

      await t.step(
        "create returns the id and state; the snapshot carries description and tags",
        async () => {
          const out = await callOk(client, "ebs_create_snapshot", {
            volume_id: volume,
            description: `before upgrade ${RUN}`,
            tags: { run: RUN, Name: "first" },
          });
          match(String(out.snapshot_id), /^snap-/);
          equal(out.volume_id, volume);
          equal(out.size_gib, 8);
          equal(out.state, "completed"); // moto completes snapshots at once; AWS says pending
          const seen = await mine();
          deepEqual(seen.map((s) => [s.SnapshotId, s.VolumeId, s.Description]), [
            [out.snapshot_id, volume, `before upgrade ${RUN}`],
          ]);
          deepEqual(
            Object.fromEntries((seen[0]?.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
            { run: RUN, Name: "first" },
          );
        },
      );

      await t.step("wait: true reports progress out of 100 and ends completed", async () => {
        const progress: {
          progress: number;
          total?: number | undefined;
          message?: string | undefined;
        }[] = [];
        const result = await client.callTool(
          {
            name: "ebs_create_snapshot",
            arguments: { volume_id: volume, tags: { run: RUN }, wait: true },
          },
          undefined,
          { onprogress: (p) => progress.push(p) },
        ) as CallToolResult;
        const out = result.structuredContent as Record<string, unknown>;
        equal(result.isError, undefined);
        equal(out.state, "completed");
        equal(out.progress, 100);
        equal((out.wait as { done: boolean }).done, true);
        ok(progress.length >= 1, "progress notifications arrived");
        deepEqual(progress.at(-1), { progress: 100, total: 100, message: "1/1 completed" });
        equal((await mine()).length, 2);
      });

      await t.step("an unknown volume is reported by AWS's code", async () => {
        const result = await call(client, "ebs_create_snapshot", {
          volume_id: "vol-0123456789abcdef0",
        });
        match(text(result), /^InvalidVolume\.NotFound: .* — check the id exists in ap-east-2/);
      });

      await t.step(
        "with --require-tag, an untagged volume is refused and new snapshots get the tag",
        async () => {
          const guarded = await connectMoto(endpoint, REGION, {
            allowWrite: true,
            requireTag: { key: "run", value: RUN },
          }, { inventory: [...ebsTools] });
          try {
            const refused = await call(guarded.client, "ebs_create_snapshot", {
              volume_id: untagged,
            });
            match(
              text(refused),
              new RegExp(`^RequiredTagMissing: refused: ${untagged} does not carry run=${RUN}`),
            );
            const out = await callOk(guarded.client, "ebs_create_snapshot", { volume_id: volume });
            ok((await mine()).some((s) => s.SnapshotId === out.snapshot_id));
            equal((await mine()).length, 3);
          } finally {
            await guarded.close();
          }
        },
      );
    } finally {
      await close();
      for (const s of await mine()) await ec2.deleteSnapshot({ SnapshotId: s.SnapshotId });
      await ec2.deleteVolume({ VolumeId: volume }).catch(() => {});
      await ec2.deleteVolume({ VolumeId: untagged }).catch(() => {});
    }
  },
);
