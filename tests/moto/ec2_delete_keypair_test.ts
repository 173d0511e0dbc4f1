import { deepEqual, equal, match } from "node:assert/strict";
import { deleteKeyPair } from "../../tools/ec2/delete_keypair.ts";
import { describeKeyPairs } from "../../tools/ec2/describe_keypairs.ts";
import { call, callOk, connectMotoAsking, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in me-south-1 and names its key pairs after its run id.
const REGION = "me-south-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_delete_keypair asks the human and deletes only when accepted",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const key = await ec2.createKeyPair({
      KeyName: `k-${RUN}`,
      KeyType: "ed25519",
      TagSpecifications: tagSpecs("key-pair", { run: RUN }),
    });
    const keysDir = await Deno.makeTempDir();
    let answer: "accept" | "decline" = "decline";
    const { client, close, asked } = await connectMotoAsking(
      endpoint,
      REGION,
      { allowDestructive: true, keysDir },
      { inventory: [deleteKeyPair, describeKeyPairs] },
      () => answer,
    );
    const names = async () =>
      (await callOk<{ key_pairs: { name: string }[] }>(client, "ec2_describe_keypairs", {
        tags: { run: RUN },
      })).key_pairs.map((k) => k.name);
    try {
      await t.step("dry_run checks without asking and deletes nothing", async () => {
        const out = await callOk(client, "ec2_delete_keypair", {
          key_pair_id: key.KeyPairId,
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(asked, []);
        deepEqual(await names(), [`k-${RUN}`]);
      });

      await t.step("declined: the question names the key, nothing is deleted", async () => {
        const out = await callOk(client, "ec2_delete_keypair", { key_pair_id: key.KeyPairId });
        deepEqual(asked, [
          `Delete key pair ${key.KeyPairId} "k-${RUN}" (${key.KeyFingerprint}) in ${REGION}. This cannot be undone.`,
        ]);
        equal(out.confirmation, "declined");
        match(String(out.message), /^Nothing was changed: the user declined/);
        deepEqual(await names(), [`k-${RUN}`]);
      });

      await t.step(
        "accepted: the key pair is gone and local files are said to be untouched",
        async () => {
          answer = "accept";
          const out = await callOk(client, "ec2_delete_keypair", { key_pair_id: key.KeyPairId });
          equal(out.confirmation, "accepted");
          equal(out.deleted_key_pair_id, key.KeyPairId);
          match(String(out.note), /left untouched/);
          deepEqual(await names(), []);
        },
      );

      await t.step("a key pair that is gone is reported, without asking", async () => {
        const before = asked.length;
        const gone = await call(client, "ec2_delete_keypair", { key_name: `k-${RUN}` });
        match(text(gone), /^InvalidKeyPair\.NotFound: /);
        equal(asked.length, before);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
    }
  },
);
