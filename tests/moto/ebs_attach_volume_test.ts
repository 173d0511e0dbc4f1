import { deepEqual, equal, match, ok } from "node:assert/strict";
import { attachVolume } from "../../tools/ebs/attach_volume.ts";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";
import { cleanUp, runVolumes, seedInstance, seedVolume } from "./_ebs.ts";

// moto's state is global: this file works in me-central-1, only on volumes and instances it
// created and tagged with its own run id.
const REGION = "me-central-1";
const RUN = crypto.randomUUID();

interface Attached {
  volume_id?: string;
  instance_id?: string;
  device?: string;
  state?: string;
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ebs_attach_volume attaches within a zone and refuses across zones",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const host = await seedInstance(ec2, RUN, `${REGION}a`);
    const near = await seedVolume(ec2, RUN, "near", `${REGION}a`);
    const far = await seedVolume(ec2, RUN, "far", `${REGION}b`);
    const writer = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [attachVolume, describeVolumes, listInstances],
      waitIntervalMs: 50,
    });
    const { client } = writer;
    const attachment = async (id: string) => (await runVolumes(client, RUN))[id]?.attachment;
    try {
      await t.step("the instance is where the test put it", async () => {
        const page = await callOk<{ instances: { id: string; zone: string }[] }>(
          client,
          "ec2_list_instances",
          { instance_ids: [host] },
        );
        equal(page.instances[0]?.zone, `${REGION}a`);
      });

      await t.step("dry_run answers would-succeed and attaches nothing", async () => {
        const dry = await callOk<Attached>(client, "ebs_attach_volume", {
          volume_id: near,
          instance_id: host,
          device: "/dev/sdf",
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        equal(await attachment(near), undefined);
      });

      await t.step("a volume in another zone is refused, naming both zones", async () => {
        const refused = await call(client, "ebs_attach_volume", {
          volume_id: far,
          instance_id: host,
          device: "/dev/sdg",
        });
        equal(refused.isError, true);
        match(
          text(refused),
          new RegExp(
            `^ZoneMismatch: refused: volume ${far} is in ${REGION}b but instance ${host} is in ${REGION}a`,
          ),
        );
        equal(await attachment(far), undefined);
      });

      await t.step("attaching waits with progress; the read tool sees it in use", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          {
            name: "ebs_attach_volume",
            arguments: { volume_id: near, instance_id: host, device: "/dev/sdf", wait: true },
          },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)) },
        );
        equal(result.isError, undefined, JSON.stringify(result.content));
        const out = result.structuredContent as Attached;
        deepEqual(
          { ...out, wait: undefined, account: undefined, region: undefined },
          {
            volume_id: near,
            instance_id: host,
            device: "/dev/sdf",
            state: "attached",
            wait: undefined,
            account: undefined,
            region: undefined,
          },
        );
        equal(out.wait?.done, true);
        ok(progress.length >= 1);
        equal(progress.at(-1), "1/1 in-use");
        deepEqual(await attachment(near), {
          instance: host,
          device: "/dev/sdf",
          state: "attached",
        });
        equal((await runVolumes(client, RUN))[near]?.state, "in-use");
      });

      await t.step("attaching it again is refused: it is in use", async () => {
        const again = await call(client, "ebs_attach_volume", {
          volume_id: near,
          instance_id: host,
          device: "/dev/sdh",
        });
        match(
          text(again),
          new RegExp(`^VolumeInUse: .* is already attached to ${host} as /dev/sdf`),
        );
      });
    } finally {
      await writer.close();
      await cleanUp(ec2, [near, far], [host]);
    }
  },
);
