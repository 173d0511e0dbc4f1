import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeKeyPairs } from "../../tools/ec2/describe_keypairs.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in eu-central-1, names its key pairs and tags them with
// its own run id, and never assumes the region holds nothing else.
const REGION = "eu-central-1";
const RUN = crypto.randomUUID();

interface Row {
  name: string;
  id: string;
  type: string;
  fingerprint: string;
  created: string;
  tags?: Record<string, string>;
}
interface Page {
  key_pairs: Row[];
  next_token?: string;
  region: string;
}

motoTest("ec2_describe_keypairs lists, filters and pages key pairs", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const made: Row[] = [];
  for (const [suffix, type] of [["c", "rsa"], ["a", "ed25519"], ["b", "rsa"]] as const) {
    const tags = suffix === "b" ? { run: RUN } : { run: RUN, team: "blue" };
    const out = await ec2.createKeyPair({
      KeyName: `${RUN}-${suffix}`,
      KeyType: type,
      TagSpecifications: tagSpecs("key-pair", tags),
    });
    made.push({
      name: out.KeyName as string,
      id: out.KeyPairId as string,
      type,
      fingerprint: out.KeyFingerprint as string,
      created: "",
      tags,
    });
  }
  const [c, a, b] = made as [Row, Row, Row];

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeKeyPairs],
  });
  const list = (args: Record<string, unknown>) =>
    callOk<Page>(client, "ec2_describe_keypairs", { tags: { run: RUN }, ...args });
  const withoutCreated = (rows: Row[]) => rows.map(({ created: _, ...row }) => row);
  try {
    await t.step("a tag filter returns exactly this run's keys, sorted by name", async () => {
      const page = await list({});
      equal(page.region, REGION);
      deepEqual(withoutCreated(page.key_pairs), withoutCreated([a, b, c]));
      for (const row of page.key_pairs) {
        ok(Math.abs(Date.parse(row.created) - Date.now()) < 10 * 60_000, row.created);
      }
    });

    await t.step("tags combine with AND", async () => {
      const page = await list({ tags: { run: RUN, team: "blue" } });
      deepEqual(page.key_pairs.map((k) => k.name), [a.name, c.name]);
    });

    await t.step("key_names and key_pair_ids select exactly those keys", async () => {
      const byName = await callOk<Page>(client, "ec2_describe_keypairs", { key_names: [b.name] });
      deepEqual(byName.key_pairs.map((k) => k.id), [b.id]);
      const byId = await callOk<Page>(client, "ec2_describe_keypairs", {
        key_pair_ids: [c.id, a.id],
      });
      deepEqual(byId.key_pairs.map((k) => k.name), [a.name, c.name]);
    });

    await t.step("max_results pages with next_token", async () => {
      const first = await list({ max_results: 2 });
      deepEqual(first.key_pairs.map((k) => k.name), [a.name, b.name]);
      ok(first.next_token);
      const second = await list({ max_results: 2, next_token: first.next_token });
      deepEqual(second.key_pairs.map((k) => k.name), [c.name]);
      equal(second.next_token, undefined);
    });

    await t.step("an unknown key name is a not-found error naming it", async () => {
      const result = await call(client, "ec2_describe_keypairs", { key_names: [`${RUN}-zzz`] });
      equal(result.isError, true);
      match(text(result), new RegExp(`^InvalidKeyPair\\.NotFound: .*${RUN}-zzz`));
    });
  } finally {
    await close();
  }
});
