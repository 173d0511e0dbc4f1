import { deepEqual, equal, match, ok } from "node:assert/strict";
import { deleteVolume } from "../../tools/ebs/delete_volume.ts";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { callOk, connectMotoAsking, motoEc2, motoTest } from "../_helpers.ts";
import { cleanUp, runVolumes, seedInstance, seedVolume } from "./_ebs.ts";

// moto's state is global: this file works in ap-south-1, only on volumes and instances it
// created and tagged with its own run id.
const REGION = "ap-south-1";
const RUN = crypto.randomUUID();

interface Deleted {
  deleted_volume_id?: string;
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
  confirmation?: string;
  message?: string;
}

motoTest("ebs_delete_volume deletes only what the human confirmed", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const kept = await seedVolume(ec2, RUN, "kept", `${REGION}a`, 100, "gp3");
  const doomed = await seedVolume(ec2, RUN, "doomed", `${REGION}b`, 12, "gp2");
  const busy = await seedVolume(ec2, RUN, "busy", `${REGION}a`, 5, "gp3");
  const host = await seedInstance(ec2, RUN, `${REGION}a`);
  await ec2.attachVolume({ VolumeId: busy, InstanceId: host, Device: "/dev/sdf" });

  let answer: "accept" | "decline" | "cancel" = "decline";
  const asking = await connectMotoAsking(endpoint, REGION, { allowDestructive: true }, {
    inventory: [deleteVolume, describeVolumes],
    waitIntervalMs: 50,
  }, () => answer);
  const { client, asked } = asking;
  const ids = async () => Object.keys(await runVolumes(client, RUN)).sort();
  const keptLine = `Delete volume ${kept} ("kept", 100 GiB gp3, ${REGION}a)`;
  try {
    await t.step("dry_run asks nobody, answers would-succeed and deletes nothing", async () => {
      const dry = await callOk<Deleted>(client, "ebs_delete_volume", {
        volume_id: kept,
        dry_run: true,
      });
      equal(dry.dry_run?.would_succeed, true);
      equal(dry.confirmation, undefined);
      deepEqual(asked, []);
      deepEqual(await ids(), [kept, doomed, busy].sort());
    });

    for (const [action, outcome] of [["decline", "declined"], ["cancel", "cancelled"]] as const) {
      await t.step(`a ${outcome} confirmation keeps the volume`, async () => {
        answer = action;
        asked.length = 0;
        const out = await callOk<Deleted>(client, "ebs_delete_volume", { volume_id: kept });
        equal(out.confirmation, outcome);
        ok(
          String(out.message).startsWith(`Nothing was changed: the user ${outcome} (${keptLine})`),
        );
        equal(out.deleted_volume_id, undefined);
        deepEqual(asked, [`${keptLine} in ${REGION}. This cannot be undone.`]);
        deepEqual(await ids(), [kept, doomed, busy].sort());
      });
    }

    await t.step("an attached volume is refused naming the instance, asking nobody", async () => {
      answer = "accept";
      asked.length = 0;
      const result = await client.callTool({
        name: "ebs_delete_volume",
        arguments: { volume_id: busy },
      });
      equal(result.isError, true);
      match(
        JSON.stringify(result.content),
        new RegExp(
          `VolumeInUse: refused: ${busy} \\(\\\\"busy\\\\", 5 GiB gp3, ${REGION}a\\) is attached to ${host} as /dev/sdf`,
        ),
      );
      deepEqual(asked, []);
      deepEqual(await ids(), [kept, doomed, busy].sort());
    });

    await t.step("an accepted confirmation deletes, waiting with progress", async () => {
      answer = "accept";
      asked.length = 0;
      const progress: string[] = [];
      const result = await client.callTool(
        { name: "ebs_delete_volume", arguments: { volume_id: doomed, wait: true } },
        undefined,
        { onprogress: (p) => progress.push(String(p.message)) },
      );
      const out = result.structuredContent as Deleted;
      equal(out.confirmation, "accepted");
      equal(out.deleted_volume_id, doomed);
      equal(out.wait?.done, true);
      ok(progress.length >= 1);
      equal(progress.at(-1), "1/1 deleted");
      deepEqual(asked, [
        `Delete volume ${doomed} ("doomed", 12 GiB gp2, ${REGION}b) in ${REGION}. This cannot be undone.`,
      ]);
      deepEqual(await ids(), [kept, busy].sort());
    });
  } finally {
    await asking.close();
    await cleanUp(ec2, [kept, doomed, busy], [host]);
  }
});
