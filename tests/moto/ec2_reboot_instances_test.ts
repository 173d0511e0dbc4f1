import { deepEqual, equal, match } from "node:assert/strict";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { rebootInstances } from "../../tools/ec2/reboot_instances.ts";
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

motoTest(
  "ec2_reboot_instances reboots running instances, which stay running",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const ids = await motoLaunch(ec2, { count: 2, tags: { run: RUN } });

    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [rebootInstances, listInstances],
    });
    const states = () => instanceStates(client, { run: RUN });
    try {
      await t.step("dry_run answers would-succeed", async () => {
        const dry = await callOk(client, "ec2_reboot_instances", {
          instance_ids: ids,
          dry_run: true,
        });
        deepEqual(dry.dry_run, {
          would_succeed: true,
          message: "the request would have succeeded; nothing was changed",
        });
        equal(dry.rebooted, undefined);
      });

      await t.step("rebooting names the instances; the list sees them running", async () => {
        const rebooted = await callOk(client, "ec2_reboot_instances", { instance_ids: ids });
        equal(rebooted.region, REGION);
        deepEqual(rebooted.rebooted, ids);
        deepEqual(await states(), { [ids[0]!]: "running", [ids[1]!]: "running" });
      });

      await t.step("an unknown instance id is a not-found error naming the id", async () => {
        const missing = await call(client, "ec2_reboot_instances", {
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
