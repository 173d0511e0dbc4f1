import { deepEqual, equal, ok } from "node:assert/strict";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { stopInstances } from "../../tools/ec2/stop_instances.ts";
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
  "ec2_stop_instances stops running instances, waits, and keeps force for destructive mode",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const ids = await motoLaunch(ec2, { count: 3, tags: { run: RUN } });
    const [a, b, c] = ids as [string, string, string];

    const inventory = [stopInstances, listInstances];
    const writer = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory,
      waitIntervalMs: 50,
    });
    const client = writer.client;
    const states = () => instanceStates(client, { run: RUN });
    try {
      await t.step("dry_run answers would-succeed and stops nothing", async () => {
        const dry = await callOk<Changed>(client, "ec2_stop_instances", {
          instance_ids: ids,
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        deepEqual(await states(), { [a]: "running", [b]: "running", [c]: "running" });
      });

      await t.step(
        "stopping returns previous and current states; the list sees it stopped",
        async () => {
          const stopped = await callOk<Changed>(client, "ec2_stop_instances", {
            instance_ids: [a],
          });
          deepEqual(stopped.instances, [
            { instance_id: a, previous_state: "running", current_state: "stopping" },
          ]);
          deepEqual(await states(), { [a]: "stopped", [b]: "running", [c]: "running" });
        },
      );

      await t.step("wait: true reports progress and the final stopped state", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          { name: "ec2_stop_instances", arguments: { instance_ids: [b], wait: true } },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)) },
        );
        const waited = result.structuredContent as unknown as Changed;
        equal(waited.wait?.done, true);
        deepEqual(waited.instances, [
          { instance_id: b, previous_state: "running", current_state: "stopped" },
        ]);
        ok(progress.length >= 1, "progress notifications arrived");
        equal(progress.at(-1), "1/1 stopped");
      });

      await t.step(
        "force is refused in write mode, naming the flag, and c keeps running",
        async () => {
          const refused = await call(client, "ec2_stop_instances", {
            instance_ids: [c],
            force: true,
          });
          equal(refused.isError, true);
          equal(
            text(refused),
            "ModeRequired: force needs destructive mode — the operator must start the server with --allow-destructive; call again without it",
          );
          equal((await states())[c], "running");
        },
      );

      await t.step("force works in destructive mode", async () => {
        const destructive = await connectMoto(endpoint, REGION, {
          allowDestructive: true,
          waiveConfirmation: true,
        }, {
          inventory,
        });
        try {
          const forced = await callOk<Changed>(destructive.client, "ec2_stop_instances", {
            instance_ids: [c],
            force: true,
          });
          equal(forced.instances[0]?.previous_state, "running");
        } finally {
          await destructive.close();
        }
        equal((await states())[c], "stopped");
      });
    } finally {
      await writer.close();
      await ec2.terminateInstances({ InstanceIds: ids });
    }
  },
);
