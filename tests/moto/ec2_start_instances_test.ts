import { deepEqual, equal, match, ok } from "node:assert/strict";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { startInstances } from "../../tools/ec2/start_instances.ts";
import {
  call,
  callOk,
  connectMoto,
  instanceStates,
  motoEc2,
  motoLaunch,
  motoTest,
  text,
} from "../_helpers.ts";

// moto's state is global: this file works in us-east-2, only on instances it launched and
// tagged with its own run id.
const REGION = "us-east-2";
const RUN = crypto.randomUUID();

interface Changed {
  instances: { instance_id: string; previous_state?: string; current_state?: string }[];
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ec2_start_instances starts stopped instances and waits for running",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const ids = await motoLaunch(ec2, { count: 2, tags: { run: RUN } });
    equal(ids.length, 2);
    await ec2.stopInstances({ InstanceIds: ids });

    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [startInstances, listInstances],
      waitIntervalMs: 50,
    });
    const states = () => instanceStates(client, { run: RUN });
    try {
      await t.step("dry_run answers would-succeed and starts nothing", async () => {
        const dry = await callOk<Changed>(client, "ec2_start_instances", {
          instance_ids: ids,
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        equal(dry.instances, undefined);
        deepEqual(await states(), { [ids[0]!]: "stopped", [ids[1]!]: "stopped" });
      });

      await t.step(
        "starting returns previous and current states; the list sees them running",
        async () => {
          const started = await callOk<Changed>(client, "ec2_start_instances", {
            instance_ids: [ids[1], ids[0]],
          });
          deepEqual(started.instances.map((i) => [i.instance_id, i.previous_state]), [
            [ids[1], "stopped"],
            [ids[0], "stopped"],
          ]);
          ok(started.instances.every((i) => i.current_state === "pending"));
          equal(started.wait, undefined);
          deepEqual(await states(), { [ids[0]!]: "running", [ids[1]!]: "running" });
        },
      );

      await t.step("wait: true reports progress and the final running states", async () => {
        await ec2.stopInstances({ InstanceIds: [ids[0]!] });
        const progress: string[] = [];
        const result = await client.callTool(
          { name: "ec2_start_instances", arguments: { instance_ids: [ids[0]], wait: true } },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)) },
        );
        equal(result.isError, undefined);
        const waited = result.structuredContent as unknown as Changed;
        equal(waited.wait?.done, true);
        equal(waited.wait?.message, "1/1 running");
        deepEqual(waited.instances, [
          { instance_id: ids[0], previous_state: "stopped", current_state: "running" },
        ]);
        ok(progress.length >= 1, "progress notifications arrived");
        equal(progress.at(-1), "1/1 running");
      });

      await t.step("an unknown instance id is a not-found error naming the id", async () => {
        const missing = await call(client, "ec2_start_instances", {
          instance_ids: ["i-0123456789abcdef0"],
        });
        equal(missing.isError, true);
        match(text(missing), /^InvalidInstanceID\.NotFound: .*i-0123456789abcdef0/);
      });
    } finally {
      await close();
      await ec2.terminateInstances({ InstanceIds: ids });
    }
  },
);
