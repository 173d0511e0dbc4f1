import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeKeyPairs } from "./describe_keypairs.ts";

const KEY = {
  KeyPairId: "key-0123456789abcdef0",
  KeyName: "deploy",
  KeyType: "ed25519",
  KeyFingerprint: "aa:bb",
  CreateTime: new Date("2026-01-02T03:04:05Z"),
  Tags: [{ Key: "team", Value: "blue" }],
};

interface Out {
  key_pairs: Record<string, unknown>[];
  next_token?: string;
}

Deno.test("ec2_describe_keypairs sends names, ids and tags and returns sorted compact rows", async () => {
  const aws = stubAws({
    ec2: {
      describeKeyPairs: () => ({
        KeyPairs: [
          { ...KEY, KeyPairId: "key-0123456789abcdef1", KeyName: "zeta", Tags: [] },
          KEY,
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeKeyPairs] });
  try {
    const out = await callOk<Out & { region: string }>(client, "ec2_describe_keypairs", {
      key_names: ["deploy", "zeta"],
      tags: { team: "*" },
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeKeyPairs", {
        Filters: [{ Name: "tag-key", Values: ["team"] }],
        KeyNames: ["deploy", "zeta"],
      }],
    ]);
    equal(out.region, "eu-west-1");
    deepEqual(out.key_pairs, [
      {
        name: "deploy",
        id: "key-0123456789abcdef0",
        type: "ed25519",
        fingerprint: "aa:bb",
        created: "2026-01-02T03:04:05.000Z",
        tags: { team: "blue" },
      },
      {
        name: "zeta",
        id: "key-0123456789abcdef1",
        type: "ed25519",
        fingerprint: "aa:bb",
        created: "2026-01-02T03:04:05.000Z",
      },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_keypairs keeps only the ids asked for, even if the answer has more", async () => {
  const other = { ...KEY, KeyPairId: "key-0123456789abcdef1", KeyName: "other" };
  const aws = stubAws({ ec2: { describeKeyPairs: () => ({ KeyPairs: [KEY, other] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeKeyPairs] });
  try {
    const out = await callOk<Out>(client, "ec2_describe_keypairs", {
      key_pair_ids: ["key-0123456789abcdef0"],
    });
    deepEqual(aws.calls[0]?.input, { KeyPairIds: ["key-0123456789abcdef0"] });
    deepEqual(out.key_pairs.map((k) => k.name), ["deploy"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_keypairs pages its single AWS answer with next_token", async () => {
  const keys = Array.from({ length: 5 }, (_, n) => ({ ...KEY, KeyName: `k${n}` }));
  const aws = stubAws({ ec2: { describeKeyPairs: () => ({ KeyPairs: keys }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeKeyPairs] });
  try {
    const first = await callOk<Out>(client, "ec2_describe_keypairs", { max_results: 3 });
    deepEqual(first.key_pairs.map((k) => k.name), ["k0", "k1", "k2"]);
    const second = await callOk<Out>(client, "ec2_describe_keypairs", {
      max_results: 3,
      next_token: first.next_token,
    });
    deepEqual(second.key_pairs.map((k) => k.name), ["k3", "k4"]);
    equal(second.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_keypairs names a malformed key pair id and an empty name list", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeKeyPairs],
  });
  try {
    const bad = await call(client, "ec2_describe_keypairs", {
      key_pair_ids: ["kp-123"],
      key_names: [],
    });
    equal(bad.isError, true);
    match(text(bad), /key_pair_ids\.0: expected an id like key-0123456789abcdef0/);
    match(text(bad), /key_names: Too small/);
  } finally {
    await close();
  }
});
