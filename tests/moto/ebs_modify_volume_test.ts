import { equal, match } from "node:assert/strict";
import { describeVolumes } from "../../tools/ebs/describe_volumes.ts";
import { modifyVolume } from "../../tools/ebs/modify_volume.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";
import { cleanUp, runVolumes, seedVolume } from "./_ebs.ts";

// moto's state is global: this file works in me-central-1, only on volumes it created and tagged
// with its own run id.
const REGION = "me-central-1";
const RUN = crypto.randomUUID();

interface Modified {
  volume_id?: string;
  modification_state?: string;
  original_size_gib?: number;
  target_size_gib?: number;
  target_type?: string;
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ebs_modify_volume grows a volume and changes its type, never shrinks it",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const vol = await seedVolume(ec2, RUN, "grow-me", `${REGION}a`, 10, "gp2");
    const writer = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [modifyVolume, describeVolumes],
    });
    const { client } = writer;
    const seen = async () => (await runVolumes(client, RUN))[vol];
    try {
      await t.step("dry_run answers would-succeed and changes nothing", async () => {
        const dry = await callOk<Modified>(client, "ebs_modify_volume", {
          volume_id: vol,
          size_gib: 20,
          dry_run: true,
        });
        equal(dry.dry_run?.would_succeed, true);
        equal((await seen())?.size_gib, 10);
      });

      await t.step("a smaller size is refused, naming the current size", async () => {
        const refused = await call(client, "ebs_modify_volume", { volume_id: vol, size_gib: 5 });
        equal(refused.isError, true);
        match(
          text(refused),
          new RegExp(`^InvalidInput: size_gib: 5 is smaller than the current 10 GiB of ${vol}`),
        );
        equal((await seen())?.size_gib, 10);
      });

      await t.step("throughput on the current gp2 type is refused before AWS", async () => {
        const refused = await call(client, "ebs_modify_volume", {
          volume_id: vol,
          throughput: 200,
        });
        match(
          text(refused),
          /^InvalidInput: throughput: only gp3 volumes take throughput; type is gp2/,
        );
      });

      await t.step("growing to gp3 reports the modification; the read tool sees it", async () => {
        const out = await callOk<Modified>(client, "ebs_modify_volume", {
          volume_id: vol,
          size_gib: 20,
          type: "gp3",
        });
        equal(out.volume_id, vol);
        equal(out.modification_state, "completed");
        equal(out.original_size_gib, 10);
        equal(out.target_size_gib, 20);
        equal(out.target_type, "gp3");
        const now = await seen();
        equal(now?.size_gib, 20);
        equal(now?.type, "gp3");
      });
    } finally {
      await writer.close();
      await cleanUp(ec2, [vol]);
    }
  },
);
