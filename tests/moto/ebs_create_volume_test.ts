import { deepEqual, equal, match, ok } from "node:assert/strict";
import { createVolume } from "../../tools/ebs/create_volume.ts";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";
import { cleanUp, runVolumes, type VolumeRow } from "./_ebs.ts";

// moto's state is global: this file works in me-central-1, only on volumes it created and tagged
// with its own run id.
const REGION = "me-central-1";
const RUN = crypto.randomUUID();

interface Created {
  volume?: VolumeRow;
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean; message: string };
}

motoTest(
  "ebs_create_volume creates tagged volumes, waits, and checks types first",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const writer = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [createVolume, describeVolumes],
      waitIntervalMs: 50,
    });
    const { client } = writer;
    const created: string[] = [];
    try {
      await t.step("dry_run answers would-succeed and creates nothing", async () => {
        const dry = await callOk<Created>(client, "ebs_create_volume", {
          zone: `${REGION}a`,
          size_gib: 8,
          tags: { run: RUN },
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        equal(dry.volume, undefined);
        deepEqual(await runVolumes(client, RUN), {});
      });

      await t.step("wait reports progress; the read tool sees the new gp3 volume", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          {
            name: "ebs_create_volume",
            arguments: {
              zone: `${REGION}a`,
              size_gib: 8,
              throughput: 250,
              tags: { run: RUN, Name: "scratch" },
              wait: true,
            },
          },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)) },
        );
        equal(result.isError, undefined, JSON.stringify(result.content));
        const out = result.structuredContent as Created;
        const id = out.volume?.id as string;
        created.push(id);
        match(id, /^vol-/);
        equal(out.volume?.state, "available");
        equal(out.wait?.done, true);
        ok(progress.length >= 1, "progress notifications arrived");
        equal(progress.at(-1), "1/1 available");
        const seen = (await runVolumes(client, RUN))[id];
        equal(seen?.name, "scratch");
        equal(seen?.type, "gp3");
        equal(seen?.size_gib, 8);
        equal(seen?.throughput, 250);
        equal(seen?.zone, `${REGION}a`);
      });

      await t.step("io2 with iops and an encrypted volume are created as asked", async () => {
        const io2 = await callOk<Created>(client, "ebs_create_volume", {
          zone: `${REGION}b`,
          size_gib: 10,
          type: "io2",
          iops: 4000,
          encrypted: true,
          tags: { run: RUN },
        });
        created.push(io2.volume?.id as string);
        equal(io2.volume?.type, "io2");
        equal(io2.volume?.iops, 4000);
        equal(io2.volume?.encrypted, true);
        equal(Object.keys(await runVolumes(client, RUN)).length, 2);
      });

      await t.step("type-specific mistakes are refused before AWS, creating nothing", async () => {
        for (
          const [args, expected] of [
            [
              { size_gib: 8, type: "gp2", iops: 3000 },
              /^InvalidInput: iops: only gp3, io1 and io2/,
            ],
            [{ size_gib: 8, type: "io1" }, /^InvalidInput: iops: required for io1 volumes/],
            [{ size_gib: 8, type: "sc1", throughput: 200 }, /^InvalidInput: throughput: only gp3/],
            [{ type: "gp3" }, /^InvalidInput: size_gib: required unless snapshot_id is given/],
          ] as const
        ) {
          const refused = await call(client, "ebs_create_volume", {
            zone: `${REGION}a`,
            tags: { run: RUN },
            ...args,
          });
          equal(refused.isError, true);
          match(text(refused), expected);
        }
        equal(Object.keys(await runVolumes(client, RUN)).length, 2);
      });
    } finally {
      await writer.close();
      await cleanUp(ec2, created);
    }
  },
);
