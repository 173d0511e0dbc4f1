import { equal, match, ok } from "node:assert/strict";
import { logsTools } from "../../tools/logs/mod.ts";
import { call, callOk, connectMoto, connectMotoAsking, motoTest, text } from "../_helpers.ts";
import { motoLogs } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on groups named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);

async function retention(endpoint: string, group: string): Promise<number | undefined> {
  const logs = await motoLogs(endpoint, REGION);
  const out = await logs.describeLogGroups({ logGroupNamePrefix: group });
  return out.logGroups?.find((g) => g.logGroupName === group)?.retentionInDays;
}

motoTest(
  "logs_put_retention_policy lengthens in write mode and refuses to shorten without destructive mode",
  async (endpoint) => {
    const logs = await motoLogs(endpoint, REGION);
    const group = `/test/${RUN}/write`;
    await logs.createLogGroup({ logGroupName: group });
    await logs.putRetentionPolicy({ logGroupName: group, retentionInDays: 7 });
    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: logsTools,
    });
    try {
      const longer = await callOk<{ retention_days: { from: number; to: number } }>(
        client,
        "logs_put_retention_policy",
        { log_group: group, days: 30 },
      );
      equal(longer.retention_days.to, 30);
      equal(await retention(endpoint, group), 30);
      const shorter = await call(client, "logs_put_retention_policy", {
        log_group: group,
        days: 1,
      });
      equal(shorter.isError, true);
      match(text(shorter), /^ModeRequired: shortening retention of .* needs destructive mode/);
      equal(await retention(endpoint, group), 30);
      const bad = await call(client, "logs_put_retention_policy", { log_group: group, days: 8 });
      match(text(bad), /^InvalidInput: days: expected one of 1, 3, 5, 7, 14/);
    } finally {
      await close();
    }
  },
);

motoTest(
  "logs_put_retention_policy asks before shortening, naming the date before which events go",
  async (endpoint, t) => {
    const logs = await motoLogs(endpoint, REGION);
    const group = `/test/${RUN}/shorten`;
    await logs.createLogGroup({ logGroupName: group });
    let answer: "accept" | "decline" = "decline";
    const { client, close, asked } = await connectMotoAsking(
      endpoint,
      REGION,
      { allowDestructive: true },
      { inventory: logsTools },
      () => answer,
    );
    try {
      await t.step("declined: nothing changes", async () => {
        const out = await callOk<{ confirmation?: string }>(client, "logs_put_retention_policy", {
          log_group: group,
          days: 7,
        });
        equal(out.confirmation, "declined");
        equal(await retention(endpoint, group), undefined);
        match(
          asked[0] ?? "",
          new RegExp(
            `^Shorten retention of log group ${group} from never expire to 7 days: events older than \\d{4}-\\d\\d-\\d\\dT.* will be deleted`,
          ),
        );
      });
      await t.step("dry run: guards and lookups only, no question, nothing changes", async () => {
        const out = await callOk<{ dry_run?: { would_succeed: boolean } }>(
          client,
          "logs_put_retention_policy",
          { log_group: group, days: 7, dry_run: true },
        );
        equal(out.dry_run?.would_succeed, true);
        equal(asked.length, 1);
        equal(await retention(endpoint, group), undefined);
      });
      await t.step("accepted: retention set, and the result names the cut-off date", async () => {
        answer = "accept";
        const out = await callOk<{ deletes_events_before?: string; confirmation?: string }>(
          client,
          "logs_put_retention_policy",
          { log_group: group, days: 7 },
        );
        equal(out.confirmation, "accepted");
        ok(out.deletes_events_before);
        equal(await retention(endpoint, group), 7);
      });
    } finally {
      await close();
    }
  },
);

motoTest(
  "logs_put_retention_policy with --require-tag refuses an untagged group and changes nothing",
  async (endpoint) => {
    const logs = await motoLogs(endpoint, REGION);
    const [tagged, untagged] = [`/test/${RUN}/dev`, `/test/${RUN}/prod`];
    await logs.createLogGroup({ logGroupName: tagged, tags: { env: "dev" } });
    await logs.createLogGroup({ logGroupName: untagged, tags: { env: "prod" } });
    await logs.putRetentionPolicy({ logGroupName: untagged, retentionInDays: 7 });
    await logs.putRetentionPolicy({ logGroupName: tagged, retentionInDays: 7 });
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowWrite: true,
      requireTag: { key: "env", value: "dev" },
    }, { inventory: logsTools });
    try {
      const refused = await call(client, "logs_put_retention_policy", {
        log_group: untagged,
        days: 30,
      });
      ok(text(refused).startsWith(`RequiredTagMissing: refused: ${untagged} does not carry`));
      equal(await retention(endpoint, untagged), 7);
      await callOk(client, "logs_put_retention_policy", { log_group: tagged, days: 3653 });
      equal(await retention(endpoint, tagged), 3653);
    } finally {
      await close();
    }
  },
);
