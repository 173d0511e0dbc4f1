import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";
import { cleanUp, seedInstance, seedVolume, type VolumeRow } from "./_ebs.ts";

// moto's state is global: this file works in ap-south-1, only on volumes it created and tagged
// with its own run id.
const REGION = "ap-south-1";
const RUN = crypto.randomUUID();

interface Page {
  volumes: VolumeRow[];
  next_token?: string;
}

motoTest("ebs_describe_volumes filters and pages this run's volumes", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const data = await seedVolume(ec2, RUN, "data", `${REGION}a`, 20, "gp3");
  const logs = await seedVolume(ec2, RUN, "logs", `${REGION}b`, 30, "gp2");
  const host = await seedInstance(ec2, RUN, `${REGION}a`);
  await ec2.attachVolume({ VolumeId: data, InstanceId: host, Device: "/dev/sdf" });

  const reader = await connectMoto(endpoint, REGION, {}, { inventory: [describeVolumes] });
  const { client } = reader;
  const ids = async (args: Record<string, unknown>) =>
    (await callOk<Page>(client, "ebs_describe_volumes", { tags: { run: RUN }, ...args }))
      .volumes.map((v) => v.id).sort();
  try {
    await t.step("a tag filter finds both, as compact rows", async () => {
      const page = await callOk<Page>(client, "ebs_describe_volumes", { tags: { run: RUN } });
      const rows = Object.fromEntries(page.volumes.map((v) => [v.id, v]));
      equal(page.volumes.length, 2);
      const attached = rows[data];
      ok(attached);
      equal(attached.name, "data");
      equal(attached.size_gib, 20);
      equal(attached.type, "gp3");
      equal(attached.zone, `${REGION}a`);
      equal(attached.state, "in-use");
      deepEqual(attached.attachment, { instance: host, device: "/dev/sdf", state: "attached" });
      ok(attached.iops, "gp3 reports iops");
      equal(rows[logs]?.state, "available");
      equal(rows[logs]?.attachment, undefined);
    });

    await t.step("states, types, unattached_only and volume_ids narrow the rows", async () => {
      deepEqual(await ids({ unattached_only: true }), [logs]);
      deepEqual(await ids({ states: ["in-use"] }), [data]);
      deepEqual(await ids({ types: ["gp2"] }), [logs]);
      deepEqual(await ids({ types: ["io2"] }), []);
      deepEqual(await ids({ volume_ids: [logs] }), [logs]);
    });

    await t.step("instance_id finds what is attached, root volume included", async () => {
      const page = await callOk<Page>(client, "ebs_describe_volumes", { instance_id: host });
      const devices = page.volumes.map((v) => v.attachment?.device).sort();
      deepEqual(devices, ["/dev/sda1", "/dev/sdf"]);
      ok(page.volumes.every((v) => v.attachment?.instance === host));
    });

    await t.step("max_results pages with a token that refuses other filters", async () => {
      const first = await callOk<Page>(client, "ebs_describe_volumes", {
        tags: { run: RUN },
        max_results: 1,
      });
      equal(first.volumes.length, 1);
      ok(first.next_token);
      const second = await callOk<Page>(client, "ebs_describe_volumes", {
        tags: { run: RUN },
        max_results: 1,
        next_token: first.next_token,
      });
      equal(second.volumes.length, 1);
      equal(second.next_token, undefined);
      deepEqual([first.volumes[0]?.id, second.volumes[0]?.id].sort(), [data, logs].sort());
      const other = await call(client, "ebs_describe_volumes", {
        tags: { run: RUN },
        types: ["gp2"],
        next_token: first.next_token,
      });
      match(text(other), /^InvalidInput: next_token: issued for different filters/);
    });

    await t.step("an unknown id is listed in not_found beside the known ones", async () => {
      const out = await callOk<{ volumes: { id: string }[]; not_found?: string[] }>(
        client,
        "ebs_describe_volumes",
        { volume_ids: ["vol-0123456789abcdef0", data] },
      );
      deepEqual(out.volumes.map((v) => v.id), [data]);
      deepEqual(out.not_found, ["vol-0123456789abcdef0"]);
    });
  } finally {
    await reader.close();
    await cleanUp(ec2, [data, logs], [host]);
  }
});
