import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { deleteKeyPair } from "./delete_keypair.ts";

const KEY = {
  KeyName: "deploy-1",
  KeyPairId: "key-0123456789abcdef0",
  KeyFingerprint: "SHA256:abc",
};
const OTHER = { KeyName: "other", KeyPairId: "key-0123456789abcdef1" };

function keyAws(tags: Record<string, string> = {}) {
  return stubAws({
    ec2: {
      // Like some emulators, this answers every key pair; the tool must pick the one asked for.
      describeKeyPairs: () => ({ KeyPairs: [OTHER, KEY] }),
      describeTags: () => ({
        Tags: Object.entries(tags).map(([Key, Value]) => ({
          Key,
          Value,
          ResourceId: KEY.KeyPairId,
        })),
      }),
      deleteKeyPair: () => ({ Return: true }),
    },
  });
}

Deno.test("ec2_delete_keypair asks the human naming the key, then deletes it by its name", async () => {
  const aws = keyAws({ owner: "agent" });
  const asked: string[] = [];
  const { client, close } = await connect(
    {
      allowDestructive: true,
      requireTag: { key: "owner", value: "agent" },
    },
    { aws, inventory: [deleteKeyPair] },
    { capabilities: { elicitation: {} } },
  );
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const out = await callOk(client, "ec2_delete_keypair", { key_pair_id: KEY.KeyPairId });
    deepEqual(asked, [
      'Delete key pair key-0123456789abcdef0 "deploy-1" (SHA256:abc) in us-east-1. This cannot be undone.',
    ]);
    equal(out.confirmation, "accepted");
    equal(out.deleted_key_name, "deploy-1");
    equal(out.deleted_key_pair_id, KEY.KeyPairId);
    match(String(out.note), /Local private key files .* were left untouched/);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      // Guards and question, the same again in the answer's round, then the guards before
      // deleting.
      ["describeKeyPairs", { Filters: [{ Name: "key-pair-id", Values: [KEY.KeyPairId] }] }],
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [KEY.KeyPairId] }],
        MaxResults: 1000,
      }],
      ["describeKeyPairs", { Filters: [{ Name: "key-pair-id", Values: [KEY.KeyPairId] }] }],
      ["describeKeyPairs", { Filters: [{ Name: "key-pair-id", Values: [KEY.KeyPairId] }] }],
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [KEY.KeyPairId] }],
        MaxResults: 1000,
      }],
      ["describeKeyPairs", { Filters: [{ Name: "key-pair-id", Values: [KEY.KeyPairId] }] }],
      ["describeKeyPairs", { Filters: [{ Name: "key-pair-id", Values: [KEY.KeyPairId] }] }],
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [KEY.KeyPairId] }],
        MaxResults: 1000,
      }],
      ["deleteKeyPair", { KeyName: "deploy-1", DryRun: false }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_keypair by key_name passes DryRun on a dry run without asking", async () => {
  const aws = keyAws();
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteKeyPair],
  });
  try {
    await callOk(client, "ec2_delete_keypair", { key_name: "deploy-1", dry_run: true });
    deepEqual(aws.calls.at(0)?.input, { KeyNames: ["deploy-1"] });
    deepEqual(aws.calls.at(-1), {
      service: "ec2",
      method: "deleteKeyPair",
      input: { KeyName: "deploy-1", DryRun: true },
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_keypair refuses a key without the --require-tag tag", async () => {
  const aws = keyAws({ owner: "someone" });
  const { client, close } = await connect({
    allowDestructive: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [deleteKeyPair] });
  try {
    const refused = await call(client, "ec2_delete_keypair", { key_name: "deploy-1" });
    match(text(refused), /^RequiredTagMissing: refused: key-0123456789abcdef0 does not carry/);
    equal(aws.calls.some((c) => c.method === "deleteKeyPair"), false);
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_keypair wants exactly one of key_name and key_pair_id", async () => {
  const aws = keyAws();
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteKeyPair],
  });
  try {
    for (const args of [{}, { key_name: "deploy-1", key_pair_id: KEY.KeyPairId }]) {
      const bad = await call(client, "ec2_delete_keypair", args);
      equal(bad.isError, true);
      match(text(bad), /^InvalidInput: give exactly one of key_name, key_pair_id/);
    }
    const malformed = await call(client, "ec2_delete_keypair", { key_pair_id: "key-xyz" });
    match(text(malformed), /key_pair_id: expected an id like key-0123456789abcdef0/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_keypair reports an unknown key pair id as not found", async () => {
  const aws = keyAws();
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteKeyPair],
  });
  try {
    const missing = await call(client, "ec2_delete_keypair", {
      key_pair_id: "key-0123456789abcdef9",
    });
    match(
      text(missing),
      /^InvalidKeyPair\.NotFound: key pair key-0123456789abcdef9 does not exist/,
    );
  } finally {
    await close();
  }
});
