import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { createKeyPair } from "./create_keypair.ts";

const MATERIAL =
  "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

function keyAws(material: string | null = MATERIAL) {
  return stubAws({
    ec2: {
      createKeyPair: (input: { KeyName: string; DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation");
        return {
          KeyName: input.KeyName,
          KeyPairId: "key-0123456789abcdef0",
          KeyFingerprint: "SHA256:abc",
          ...(material ? { KeyMaterial: material } : {}),
        };
      },
      deleteKeyPair: () => ({ Return: true }),
      describeKeyPairs: () => ({ KeyPairs: [] }),
    },
  });
}

Deno.test("ec2_create_keypair writes the private key to a new 0600 file and never returns it", async () => {
  const tmp = await Deno.makeTempDir();
  const keysDir = `${tmp}/keys`;
  const aws = keyAws();
  const { client, close } = await connect({
    allowWrite: true,
    keysDir,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createKeyPair] });
  try {
    const result = await call(client, "ec2_create_keypair", {
      key_name: "deploy-1",
      tags: { team: "blue" },
    });
    equal(result.isError, undefined);
    const out = result.structuredContent as Record<string, unknown>;
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      key_name: "deploy-1",
      key_pair_id: "key-0123456789abcdef0",
      fingerprint: "SHA256:abc",
      path: `${keysDir}/deploy-1.pem`,
    });
    ok(!JSON.stringify(out).includes("PRIVATE KEY"), "structured content leaks the key");
    ok(!text(result).includes("PRIVATE KEY"), "text content leaks the key");
    ok(!text(result).includes("b3BlbnNzaC1rZXkt"), "text content leaks the key body");
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [["describeKeyPairs", {
      KeyNames: ["deploy-1"],
    }], ["createKeyPair", {
      KeyName: "deploy-1",
      KeyType: "ed25519",
      KeyFormat: "pem",
      TagSpecifications: [{
        ResourceType: "key-pair",
        Tags: [{ Key: "team", Value: "blue" }, { Key: "owner", Value: "agent" }],
      }],
      DryRun: false,
    }]]);
    equal(await Deno.readTextFile(`${keysDir}/deploy-1.pem`), MATERIAL);
    if (Deno.build.os !== "windows") {
      equal((await Deno.stat(`${keysDir}/deploy-1.pem`)).mode! & 0o777, 0o600);
      equal((await Deno.stat(keysDir)).mode! & 0o777, 0o700);
    }
  } finally {
    await close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("ec2_create_keypair never overwrites a key file and asks AWS for nothing then", async () => {
  const tmp = await Deno.makeTempDir();
  await Deno.writeTextFile(`${tmp}/old.ppk`, "precious");
  const aws = keyAws();
  const { client, close } = await connect({ allowWrite: true, keysDir: tmp }, {
    aws,
    inventory: [createKeyPair],
  });
  try {
    const refused = await call(client, "ec2_create_keypair", {
      key_name: "old",
      key_type: "rsa",
      key_format: "ppk",
    });
    equal(refused.isError, true);
    match(text(refused), /^KeyFileExists: .*old\.ppk already exists/);
    equal(await Deno.readTextFile(`${tmp}/old.ppk`), "precious");
    equal(aws.calls.length, 0);
  } finally {
    await close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("ec2_create_keypair deletes the key pair again when the key cannot be saved", async () => {
  const tmp = await Deno.makeTempDir();
  const aws = keyAws(null);
  const { client, close } = await connect({ allowWrite: true, keysDir: tmp }, {
    aws,
    inventory: [createKeyPair],
  });
  try {
    const failed = await call(client, "ec2_create_keypair", { key_name: "lost" });
    equal(failed.isError, true);
    match(text(failed), /^KeyFileWriteFailed: .*key pair lost was deleted again/);
    deepEqual(aws.calls.map((c) => c.method), [
      "describeKeyPairs",
      "createKeyPair",
      "deleteKeyPair",
    ]);
    deepEqual(aws.calls[2]?.input, { KeyName: "lost" });
    deepEqual([...Deno.readDirSync(tmp)], [], "the reserved file is removed");
  } finally {
    await close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("ec2_create_keypair removes the reserved file when AWS refuses", async () => {
  const tmp = await Deno.makeTempDir();
  const aws = stubAws({
    ec2: {
      describeKeyPairs: () => ({ KeyPairs: [] }),
      createKeyPair: () => {
        throw Object.assign(new Error("The keypair already exists"), {
          name: "InvalidKeyPair.Duplicate",
          $fault: "client",
        });
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true, keysDir: tmp }, {
    aws,
    inventory: [createKeyPair],
  });
  try {
    const failed = await call(client, "ec2_create_keypair", { key_name: "dup" });
    match(text(failed), /^InvalidKeyPair\.Duplicate: The keypair already exists/);
    deepEqual([...Deno.readDirSync(tmp)], []);
  } finally {
    await close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("ec2_create_keypair dry run passes DryRun and writes nothing", async () => {
  const tmp = await Deno.makeTempDir();
  const aws = keyAws();
  const { client, close } = await connect({ allowWrite: true, keysDir: `${tmp}/keys` }, {
    aws,
    inventory: [createKeyPair],
  });
  try {
    const out = await callOk(client, "ec2_create_keypair", { key_name: "k", dry_run: true });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    equal(out.path, undefined);
    equal((aws.calls[0]?.input as { DryRun: boolean }).DryRun, true);
    deepEqual([...Deno.readDirSync(tmp)], [], "not even the key directory is created");
  } finally {
    await close();
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("ec2_create_keypair names a key name that could escape the key directory", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory: [createKeyPair],
  });
  try {
    for (const key_name of ["../evil", "a/b", ".hidden", ""]) {
      const bad = await call(client, "ec2_create_keypair", { key_name });
      equal(bad.isError, true);
      match(text(bad), /^InvalidInput: key_name: expected 1-255 letters, digits or/);
    }
    const type = await call(client, "ec2_create_keypair", { key_name: "k", key_type: "dsa" });
    match(text(type), /key_type: Invalid option/);
  } finally {
    await close();
  }
});
