import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { detachVolume } from "../../tools/ebs/detach_volume.ts";
import {
  call,
  callOk,
  connectMoto,
  connectMotoAsking,
  motoEc2,
  motoTest,
  text,
} from "../_helpers.ts";
import { cleanUp, runVolumes, seedInstance, seedVolume } from "./_ebs.ts";

// moto's state is global: this file works in ap-south-1, only on volumes and instances it
// created and tagged with its own run id.
const REGION = "ap-south-1";
const RUN = crypto.randomUUID();

interface Detached {
  volume_id?: string;
  instance_id?: string;
  device?: string;
  state?: string;
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
  confirmation?: string;
}

motoTest("ebs_detach_volume detaches, and forces only in destructive mode", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const host = await seedInstance(ec2, RUN, `${REGION}c`);
  const data = await seedVolume(ec2, RUN, "data", `${REGION}c`);
  const stuck = await seedVolume(ec2, RUN, "stuck", `${REGION}c`);
  await ec2.attachVolume({ VolumeId: data, InstanceId: host, Device: "/dev/sdf" });
  await ec2.attachVolume({ VolumeId: stuck, InstanceId: host, Device: "/dev/sdg" });
  const inventory = [detachVolume, describeVolumes];
  const writer = await connectMoto(endpoint, REGION, { allowWrite: true }, {
    inventory,
    waitIntervalMs: 50,
  });
  const { client } = writer;
  const state = async (id: string) => (await runVolumes(client, RUN))[id]?.state;
  try {
    await t.step("dry_run answers would-succeed and detaches nothing", async () => {
      const dry = await callOk<Detached>(client, "ebs_detach_volume", {
        volume_id: data,
        dry_run: true,
      });
      equal(dry.dry_run?.would_succeed, true);
      equal(await state(data), "in-use");
    });

    await t.step("force is refused in write mode, detaching nothing", async () => {
      const refused = await call(client, "ebs_detach_volume", { volume_id: stuck, force: true });
      equal(refused.isError, true);
      match(text(refused), /^ModeRequired: force needs destructive mode — .*--allow-destructive/);
      equal(await state(stuck), "in-use");
    });

    await t.step(
      "detaching finds the instance, waits with progress; the volume is available",
      async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          { name: "ebs_detach_volume", arguments: { volume_id: data, wait: true } },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)) },
        );
        equal(result.isError, undefined, JSON.stringify(result.content));
        const out = result.structuredContent as Detached;
        equal(out.volume_id, data);
        equal(out.instance_id, host);
        equal(out.device, "/dev/sdf");
        equal(out.state, "detached");
        equal(out.wait?.done, true);
        ok(progress.length >= 1);
        equal(progress.at(-1), "1/1 available");
        equal(await state(data), "available");
        equal((await runVolumes(client, RUN))[data]?.attachment, undefined);
      },
    );

    await t.step("detaching it again says it is not attached", async () => {
      const again = await call(client, "ebs_detach_volume", { volume_id: data });
      match(text(again), new RegExp(`^IncorrectState: ${data} \\("data", .*\\) is not attached`));
    });

    await t.step(
      "force in destructive mode asks the human; decline keeps it, accept detaches",
      async () => {
        let answer: "accept" | "decline" = "decline";
        const asking = await connectMotoAsking(endpoint, REGION, { allowDestructive: true }, {
          inventory,
        }, () => answer);
        const { asked } = asking;
        const line =
          `Force-detach ${stuck} from ${host} (data may be lost) in ${REGION}. This cannot be undone.`;
        try {
          const declined = await callOk<Detached>(asking.client, "ebs_detach_volume", {
            volume_id: stuck,
            instance_id: host,
            force: true,
          });
          equal(declined.confirmation, "declined");
          equal(await state(stuck), "in-use");
          answer = "accept";
          const accepted = await callOk<Detached>(asking.client, "ebs_detach_volume", {
            volume_id: stuck,
            instance_id: host,
            device: "/dev/sdg",
            force: true,
          });
          equal(accepted.confirmation, "accepted");
          equal(accepted.instance_id, host);
          deepEqual(asked, [line, line]);
          equal(await state(stuck), "available");
        } finally {
          await asking.close();
        }
      },
    );
  } finally {
    await writer.close();
    await cleanUp(ec2, [data, stuck], [host]);
  }
});
