import { deepEqual, equal, match, ok } from "node:assert/strict";
import { createKeyPair } from "../../tools/ec2/create_keypair.ts";
import { deleteKeyPair } from "../../tools/ec2/delete_keypair.ts";
import { describeKeyPairs } from "../../tools/ec2/describe_keypairs.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in sa-east-1 and names its key pairs after its run id.
const REGION = "sa-east-1";
const RUN = crypto.randomUUID();

interface Created {
  key_name: string;
  key_pair_id: string;
  fingerprint: string;
  path: string;
}
interface Page {
  key_pairs: { name: string; id: string; type: string; fingerprint: string; tags?: unknown }[];
}

motoTest(
  "ec2_create_keypair saves the key to a 0600 file that the read side matches",
  async (endpoint, t) => {
    const keysDir = `${await Deno.makeTempDir()}/keys`;
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowDestructive: true,
      waiveConfirmation: true,
      keysDir,
    }, { inventory: [createKeyPair, describeKeyPairs, deleteKeyPair] });
    const mine = () =>
      callOk<Page>(client, "ec2_describe_keypairs", { tags: { run: RUN } }).then((p) =>
        p.key_pairs
      );
    try {
      await t.step("dry_run answers would-succeed and creates neither key nor file", async () => {
        const out = await callOk(client, "ec2_create_keypair", {
          key_name: `dry-${RUN}`,
          tags: { run: RUN },
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(await mine(), []);
        await Deno.stat(keysDir).then(
          () => ok(false, "the key directory was created"),
          (e) => ok(e instanceof Deno.errors.NotFound),
        );
      });

      let created: Created | undefined;
      await t.step("create writes the private key 0600 and returns only its path", async () => {
        const result = await call(client, "ec2_create_keypair", {
          key_name: `k-${RUN}`,
          key_type: "rsa",
          tags: { run: RUN },
        });
        equal(result.isError, undefined, text(result));
        ok(!text(result).includes("PRIVATE KEY"), "the text content carries the key");
        ok(!JSON.stringify(result.structuredContent).includes("PRIVATE KEY"));
        created = result.structuredContent as unknown as Created;
        equal(created.path, `${keysDir}/k-${RUN}.pem`);
        match(await Deno.readTextFile(created.path), /^-----BEGIN RSA PRIVATE KEY-----\n/);
        equal((await Deno.stat(created.path)).mode! & 0o777, 0o600);
        equal((await Deno.stat(keysDir)).mode! & 0o777, 0o700);
      });

      await t.step(
        "the read side lists the key with its id, type, fingerprint and tags",
        async () => {
          deepEqual(
            (await mine()).map(({ name, id, type, fingerprint, tags }) => ({
              name,
              id,
              type,
              fingerprint,
              tags,
            })),
            [{
              name: `k-${RUN}`,
              id: created!.key_pair_id,
              type: "rsa",
              fingerprint: created!.fingerprint,
              tags: { run: RUN },
            }],
          );
        },
      );

      await t.step("a second create with the same name is refused and keeps the file", async () => {
        const before = await Deno.readTextFile(created!.path);
        const again = await call(client, "ec2_create_keypair", { key_name: `k-${RUN}` });
        match(text(again), /^KeyFileExists: /);
        equal(await Deno.readTextFile(created!.path), before);
      });

      await t.step("AWS refusing a duplicate name leaves no file behind", async () => {
        await Deno.remove(created!.path);
        const dup = await call(client, "ec2_create_keypair", { key_name: `k-${RUN}` });
        match(text(dup), /^InvalidKeyPair\.Duplicate: /);
        deepEqual([...Deno.readDirSync(keysDir)], []);
      });

      await t.step("delete removes it from the read side", async () => {
        const out = await callOk(client, "ec2_delete_keypair", {
          key_pair_id: created!.key_pair_id,
        });
        equal(out.deleted_key_name, `k-${RUN}`);
        deepEqual(await mine(), []);
      });
    } finally {
      await close();
      await Deno.remove(keysDir.replace(/\/keys$/, ""), { recursive: true });
    }
  },
);
