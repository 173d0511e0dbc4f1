import { deepEqual, equal, match, ok } from "node:assert/strict";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoLaunch,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// The safety model with the real EC2 tools against moto. moto's state is global: this file owns
// eu-west-1 and tags what it makes with its own run id.
const REGION = "eu-west-1";
const RUN = crypto.randomUUID();

motoTest(
  "--require-tag, --regions and --audit-log guard the real EC2 tools",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    const launch = async (tags: Record<string, string>) =>
      (await motoLaunch(ec2, { image: imageId, tags: { run: RUN, ...tags } }))[0] as string;
    const foreign = await launch({ owner: "someone-else" });
    const ours = await launch({ owner: "agent" });
    const dir = await Deno.makeTempDir();
    const auditLog = `${dir}/audit.jsonl`;
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowDestructive: true,
      waiveConfirmation: true,
      requireTag: { key: "owner", value: "agent" },
      regions: [REGION],
      auditLog,
      keysDir: dir,
    });
    const state = async (id: string) =>
      (await callOk<{ instances: { state: string }[] }>(client, "ec2_list_instances", {
        instance_ids: [id],
      }))
        .instances[0]?.state;
    try {
      await t.step("a resource without the required tag is refused and left alone", async () => {
        const refused = await call(client, "ec2_stop_instances", { instance_ids: [foreign] });
        equal(refused.isError, true);
        match(
          text(refused),
          new RegExp(`^RequiredTagMissing: refused: ${foreign} does not carry owner=agent`),
        );
        equal(await state(foreign), "running");
        await callOk(client, "ec2_stop_instances", { instance_ids: [ours] });
        equal(await state(ours), "stopped");
      });

      await t.step("a resource created through the server carries the required tag", async () => {
        // The AMI launched from must carry the tag too: one of ours, imaged from our instance.
        const ownImage = (await ec2.createImage({
          InstanceId: ours,
          Name: `img-${RUN}`,
          TagSpecifications: tagSpecs("image", { owner: "agent" }),
        })).ImageId as string;
        const refused = await call(client, "ec2_create_instance", {
          image_id: imageId,
          instance_type: "t3.micro",
        });
        match(text(refused), new RegExp(`^RequiredTagMissing: refused: ${imageId} does not carry`));
        const out = await callOk<{ instances: { id: string }[] }>(client, "ec2_create_instance", {
          image_id: ownImage,
          instance_type: "t3.micro",
          tags: { run: RUN },
          user_data: "#!/bin/bash\nexport DB_PASSWORD=hunter2\n",
        });
        const id = out.instances[0]!.id;
        const tags = await ec2.describeTags({ Filters: [{ Name: "resource-id", Values: [id] }] });
        deepEqual(
          Object.fromEntries((tags.Tags ?? []).map((t) => [t.Key, t.Value])),
          { run: RUN, owner: "agent" },
        );
        await callOk(client, "ec2_terminate_instances", { instance_ids: [id] });
      });

      await t.step("a call to a region outside --regions is refused", async () => {
        const refused = await call(client, "ec2_list_instances", { region: "us-east-1" });
        equal(
          text(refused),
          `RegionNotAllowed: region us-east-1 is outside this server's allowlist — use one of: ${REGION}`,
        );
      });

      await t.step("the audit log holds every mutation and dry run, and no secret", async () => {
        const key = await callOk<{ path: string }>(client, "ec2_create_keypair", {
          key_name: `k-${RUN}`,
        });
        ok((await Deno.readTextFile(key.path)).includes("PRIVATE KEY"));
        await callOk(client, "ec2_start_instances", { instance_ids: [ours], dry_run: true });
        const log = await Deno.readTextFile(auditLog);
        for (const secret of ["hunter2", "PRIVATE KEY", "#!/bin/bash"]) {
          ok(!log.includes(secret), `${secret} in the audit log`);
        }
        const all = log.trim().split("\n").map((l) => JSON.parse(l));
        const lines = all.filter((l) => l.phase === "outcome");
        // Every mutation that reached AWS was announced by an intent line first.
        for (const l of lines.filter((l) => l.outcome === "ok")) {
          const intent = all.findIndex((i) => i.phase === "intent" && i.call === l.call);
          ok(intent >= 0 && intent < all.indexOf(l), `no intent line before ${l.tool}`);
        }
        deepEqual(lines.map((l) => [l.tool, l.outcome]), [
          ["ec2_stop_instances", "error"],
          ["ec2_stop_instances", "ok"],
          ["ec2_create_instance", "error"],
          ["ec2_create_instance", "ok"],
          ["ec2_terminate_instances", "ok"],
          ["ec2_create_keypair", "ok"],
          ["ec2_start_instances", "dry_run"],
        ]);
        equal(lines[3].arguments.user_data, "[REDACTED]");
        equal(lines[4].confirmation, "waived");
        ok(lines.every((l) => l.region === REGION && l.account === "123456789012"));
      });
    } finally {
      await close();
      await Deno.remove(dir, { recursive: true });
    }
  },
);
