import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { CallToolResult } from "../../server/mcp.ts";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file copies from ap-east-2 into ap-southeast-5 and tags what it
// makes with its run id.
const SOURCE = "ap-east-2";
const DESTINATION = "ap-southeast-5";
const RUN = crypto.randomUUID();

motoTest(
  "ebs_copy_snapshot copies across regions into the call's region, with tags, encryption and progress",
  async (endpoint, t) => {
    const source = await motoEc2(endpoint, SOURCE);
    const destination = await motoEc2(endpoint, DESTINATION);
    const volume = (await source.createVolume({ AvailabilityZone: `${SOURCE}a`, Size: 6 }))
      .VolumeId as string;
    const original = (await source.createSnapshot({
      VolumeId: volume,
      Description: `original ${RUN}`,
      TagSpecifications: tagSpecs("snapshot", { run: RUN }),
    })).SnapshotId as string;
    const copies = async () =>
      (await destination.describeSnapshots({ Filters: [{ Name: "tag:copy", Values: [RUN] }] }))
        .Snapshots ?? [];
    // The server's region is the destination: CopySnapshot goes to it.
    const { client, close } = await connectMoto(endpoint, DESTINATION, { allowWrite: true }, {
      inventory: [...ebsTools],
      waitIntervalMs: 50,
    });
    try {
      await t.step("dry_run copies nothing", async () => {
        const out = await callOk(client, "ebs_copy_snapshot", {
          source_snapshot_id: original,
          source_region: SOURCE,
          tags: { copy: RUN },
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(await copies(), []);
      });

      let copy = "";
      await t.step("the copy lands in the destination with its description and tags", async () => {
        const out = await callOk(client, "ebs_copy_snapshot", {
          source_snapshot_id: original,
          source_region: SOURCE,
          description: `dr copy ${RUN}`,
          tags: { copy: RUN, Name: "dr" },
        });
        copy = String(out.snapshot_id);
        match(copy, /^snap-/);
        equal(out.source_region, SOURCE);
        equal(out.destination_region, DESTINATION);
        equal(out.region, DESTINATION);
        const seen = await copies();
        deepEqual(seen.map((s) => [s.SnapshotId, s.Description, s.VolumeSize]), [
          [copy, `dr copy ${RUN}`, 6],
        ]);
        deepEqual(
          Object.fromEntries((seen[0]?.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
          { copy: RUN, Name: "dr" },
        );
        const inSource = await source.describeSnapshots({
          Filters: [{ Name: "snapshot-id", Values: [copy] }],
        });
        deepEqual(inSource.Snapshots ?? [], [], "the copy is not in the source region");
      });

      await t.step(
        "an encrypted copy within the region (source_region defaults), waited for with progress",
        async () => {
          const progress: { progress: number; total?: number | undefined }[] = [];
          const result = await client.callTool(
            {
              name: "ebs_copy_snapshot",
              arguments: {
                source_snapshot_id: copy,
                kms_key_id: "alias/aws/ebs",
                tags: { copy: RUN },
                wait: true,
              },
            },
            undefined,
            { onprogress: (p) => progress.push(p) },
          ) as CallToolResult;
          const out = result.structuredContent as Record<string, unknown>;
          equal(result.isError, undefined, JSON.stringify(result.content));
          equal(out.source_region, DESTINATION);
          equal(out.state, "completed");
          equal((out.wait as { done: boolean }).done, true);
          ok(progress.length >= 1);
          deepEqual(progress.at(-1)?.total, 100);
          deepEqual(progress.at(-1)?.progress, 100);
          const encrypted = (await copies()).find((s) => s.SnapshotId === out.snapshot_id);
          equal(encrypted?.Encrypted, true);
          equal(encrypted?.KmsKeyId, "alias/aws/ebs");
        },
      );

      await t.step("a snapshot missing from the source region is AWS's NotFound", async () => {
        const result = await call(client, "ebs_copy_snapshot", {
          source_snapshot_id: original,
          source_region: DESTINATION,
        });
        match(text(result), /^InvalidSnapshot\.NotFound: /);
      });

      await t.step("--require-tag looks the source up in the source region", async () => {
        const guarded = await connectMoto(endpoint, DESTINATION, {
          allowWrite: true,
          requireTag: { key: "run", value: RUN },
        }, { inventory: [...ebsTools] });
        try {
          // The original carries run=RUN in ap-east-2; the first copy (in ap-southeast-5) does not.
          const out = await callOk(guarded.client, "ebs_copy_snapshot", {
            source_snapshot_id: original,
            source_region: SOURCE,
            tags: { copy: RUN },
          });
          match(String(out.snapshot_id), /^snap-/);
          const refused = await call(guarded.client, "ebs_copy_snapshot", {
            source_snapshot_id: copy,
          });
          match(
            text(refused),
            new RegExp(`^RequiredTagMissing: refused: ${copy} does not carry run=${RUN}`),
          );
        } finally {
          await guarded.close();
        }
      });
    } finally {
      await close();
      for (const s of await copies()) {
        await destination.deleteSnapshot({ SnapshotId: s.SnapshotId });
      }
      await source.deleteSnapshot({ SnapshotId: original }).catch(() => {});
      await source.deleteVolume({ VolumeId: volume }).catch(() => {});
    }
  },
);
