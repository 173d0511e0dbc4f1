import { deepEqual, equal, match, ok } from "node:assert/strict";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { terminateInstances } from "../../tools/ec2/terminate_instances.ts";
import {
  callOk,
  connectMoto,
  connectMotoAsking,
  instanceStates,
  motoEc2,
  motoLaunch,
  motoTest,
} from "../_helpers.ts";

// moto's state is global: this file works in ap-east-1, only on instances it launched and
// tagged with its own run id.
const REGION = "ap-east-1";
const RUN = crypto.randomUUID();

interface Terminated {
  instances?: { instance_id: string; previous_state?: string; current_state?: string }[];
  wait?: { done: boolean; message: string };
  dry_run?: { would_succeed: boolean };
  confirmation?: string;
  message?: string;
}

motoTest(
  "ec2_terminate_instances terminates only what the human confirmed",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const launch = async (name: string) =>
      (await motoLaunch(ec2, { tags: { Name: name, run: RUN } }))[0] as string;
    const kept = await launch("kept");
    const confirmed = await launch("confirmed");
    const unasked = await launch("unasked");

    const inventory = [terminateInstances, listInstances];
    let answer: "accept" | "decline" | "cancel" = "decline";
    const asking = await connectMotoAsking(endpoint, REGION, { allowDestructive: true }, {
      inventory,
      waitIntervalMs: 50,
    }, () => answer);
    const { asked } = asking;
    const states = () => instanceStates(asking.client, { run: RUN });
    try {
      await t.step(
        "dry_run asks nobody, answers would-succeed and terminates nothing",
        async () => {
          const dry = await callOk<Terminated>(asking.client, "ec2_terminate_instances", {
            instance_ids: [kept],
            dry_run: true,
          });
          equal(dry.dry_run?.would_succeed, true);
          equal(dry.confirmation, undefined);
          deepEqual(asked, []);
          equal((await states())[kept], "running");
        },
      );

      for (
        const [action, outcome] of [["decline", "declined"], ["cancel", "cancelled"]] as const
      ) {
        await t.step(`a ${outcome} confirmation leaves the instance running`, async () => {
          answer = action;
          asked.length = 0;
          const out = await callOk<Terminated>(asking.client, "ec2_terminate_instances", {
            instance_ids: [kept],
          });
          equal(out.confirmation, outcome);
          ok(
            String(out.message).startsWith(
              `Nothing was changed: the user ${outcome} (Terminate 1 instance ${kept}: ${kept} "kept" t3.micro)`,
            ),
          );
          equal(out.instances, undefined);
          deepEqual(asked, [
            `Terminate 1 instance ${kept}: ${kept} "kept" t3.micro in ${REGION}. This cannot be undone.`,
          ]);
          equal((await states())[kept], "running");
        });
      }

      await t.step("an accepted confirmation terminates, waiting with progress", async () => {
        answer = "accept";
        asked.length = 0;
        const progress: string[] = [];
        const result = await asking.client.callTool(
          { name: "ec2_terminate_instances", arguments: { instance_ids: [confirmed], wait: true } },
          undefined,
          { onprogress: (p) => progress.push(String(p.message)) },
        );
        const out = result.structuredContent as Terminated;
        equal(out.confirmation, "accepted");
        deepEqual(out.instances, [
          { instance_id: confirmed, previous_state: "running", current_state: "terminated" },
        ]);
        equal(out.wait?.done, true);
        ok(progress.length >= 1, "progress notifications arrived");
        equal(progress.at(-1), "1/1 terminated");
        deepEqual(asked, [
          `Terminate 1 instance ${confirmed}: ${confirmed} "confirmed" t3.micro in ${REGION}. This cannot be undone.`,
        ]);
        deepEqual(await states(), {
          [kept]: "running",
          [confirmed]: "terminated",
          [unasked]: "running",
        });
      });

      await t.step("a client without elicitation is refused and terminates nothing", async () => {
        const plain = await connectMoto(endpoint, REGION, { allowDestructive: true }, {
          inventory,
        });
        try {
          const refused = await plain.client.callTool({
            name: "ec2_terminate_instances",
            arguments: { instance_ids: [unasked] },
          });
          equal(refused.isError, true);
          match(JSON.stringify(refused.content), /ConfirmationUnavailable: refused: /);
        } finally {
          await plain.close();
        }
        deepEqual(await states(), {
          [kept]: "running",
          [confirmed]: "terminated",
          [unasked]: "running",
        });
      });

      await t.step("an unknown id fails the confirmation lookup and asks nobody", async () => {
        asked.length = 0;
        const missing = await asking.client.callTool({
          name: "ec2_terminate_instances",
          arguments: { instance_ids: ["i-0123456789abcdef0"] },
        });
        equal(missing.isError, true);
        match(
          JSON.stringify(missing.content),
          /InvalidInstanceID\.NotFound: .*i-0123456789abcdef0/,
        );
        deepEqual(asked, []);
      });
    } finally {
      await asking.close();
      await ec2.terminateInstances({ InstanceIds: [kept] });
    }
  },
);
