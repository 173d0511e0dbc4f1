import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { cutUtf8 } from "../_user_data.ts";
import { getUserData } from "./get_user_data.ts";

const ID = "i-0123456789abcdef0";
const SCRIPT = "#!/bin/bash\nexport DB_PASSWORD=hunter2\nyum install -y nginx\n";

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const utf8 = (s: string) => new TextEncoder().encode(s);
async function gzip(s: string): Promise<Uint8Array> {
  const stream = new Blob([utf8(s)]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

async function run(
  value: string | undefined,
  args: Record<string, unknown> = {},
  revealSecrets = false,
) {
  const aws = stubAws({
    ec2: {
      describeInstanceAttribute: () => ({
        InstanceId: ID,
        UserData: value === undefined ? {} : { Value: value },
      }),
    },
  });
  const { client, close } = await connect({ revealSecrets }, { aws, inventory: [getUserData] });
  try {
    const out = await callOk(client, "ec2_get_user_data", { instance_id: ID, ...args });
    return { out, calls: aws.calls };
  } finally {
    await close();
  }
}

Deno.test("ec2_get_user_data decodes base64 and masks secret-looking values", async () => {
  const { out, calls } = await run(b64(utf8(SCRIPT)), { region: "eu-west-1" });
  deepEqual(calls.map((c) => [c.method, c.input]), [
    ["describeInstanceAttribute", { InstanceId: ID, Attribute: "userData" }],
  ]);
  deepEqual(out, {
    account: "123456789012",
    region: "eu-west-1",
    instance_id: ID,
    user_data: "#!/bin/bash\nexport DB_PASSWORD=***MASKED***\nyum install -y nginx\n",
    bytes: 60,
    truncated: false,
    masked_values: 1,
    binary: false,
    gzip: false,
  });
});

Deno.test("ec2_get_user_data shows secrets when the server runs with --reveal-secrets", async () => {
  const { out } = await run(b64(utf8(SCRIPT)), {}, true);
  equal(out.user_data, SCRIPT);
  equal(out.masked_values, 0);
});

Deno.test("ec2_get_user_data gunzips gzip-compressed user data", async () => {
  const { out } = await run(b64(await gzip(SCRIPT)));
  equal(out.user_data, "#!/bin/bash\nexport DB_PASSWORD=***MASKED***\nyum install -y nginx\n");
  equal(out.gzip, true);
  equal(out.bytes, 60);
  equal(out.binary, false);
});

Deno.test("ec2_get_user_data stops inflating at 1 MiB and corrupt gzip counts as binary", async () => {
  const { out } = await run(b64(await gzip("a".repeat(3_000_000))), { max_bytes: 10 });
  equal(out.user_data, "aaaaaaaaaa");
  equal(out.bytes, 1_048_576);
  equal(out.truncated, true);
  equal(
    out.note,
    "shows the first 10 bytes of over 1048576 bytes; raise max_bytes (up to 64000) for more",
  );
  const { out: corrupt } = await run(b64(new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff])));
  equal(corrupt.binary, true);
  equal(corrupt.gzip, false);
  equal(corrupt.bytes, 6);
});

Deno.test("ec2_get_user_data reports binary data by size only", async () => {
  const { out } = await run(b64(new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80])));
  deepEqual(out, {
    account: "123456789012",
    region: "us-east-1",
    instance_id: ID,
    bytes: 5,
    truncated: false,
    masked_values: 0,
    binary: true,
    gzip: false,
    note: "binary user data (5 bytes), not shown",
  });
  // Valid UTF-8 with NUL bytes (an archive, say) is binary too.
  const { out: nul } = await run(b64(utf8("abc\0def")));
  equal(nul.binary, true);
  equal(nul.user_data, undefined);
});

Deno.test("ec2_get_user_data says plainly when there is no user data", async () => {
  const { out } = await run(undefined);
  deepEqual(out, {
    account: "123456789012",
    region: "us-east-1",
    instance_id: ID,
    bytes: 0,
    truncated: false,
    masked_values: 0,
    binary: false,
    gzip: false,
    note: "the instance has no user data",
  });
});

Deno.test("ec2_get_user_data cuts at max_bytes after masking, on a character boundary", async () => {
  const pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowSECRETSECRET\n-----END RSA PRIVATE KEY-----";
  const { out } = await run(b64(utf8(`${pem}\n${"é".repeat(100)}`)), { max_bytes: 40 });
  ok(!String(out.user_data).includes("SECRET"));
  equal(out.user_data, "-----BEGIN RSA PRIVATE KEY-----***MASKED");
  equal(out.truncated, true);
  equal(out.masked_values, 1);
  equal(out.bytes, 281);
  equal(out.note, "shows the first 40 bytes of 281 bytes; raise max_bytes (up to 64000) for more");
});

Deno.test("cutUtf8 never splits a multi-byte character", () => {
  deepEqual(cutUtf8("aé", 2), { text: "a", bytes: 1, cut: true });
  deepEqual(cutUtf8("aé", 3), { text: "aé", bytes: 3, cut: false });
  deepEqual(cutUtf8("a😀b", 4), { text: "a", bytes: 1, cut: true });
});

Deno.test("ec2_get_user_data names a bad max_bytes and a malformed instance_id", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [getUserData] });
  try {
    const big = await call(client, "ec2_get_user_data", { instance_id: ID, max_bytes: 64_001 });
    equal(big.isError, true);
    match(text(big), /^InvalidInput: max_bytes: Too big/);
    const zero = await call(client, "ec2_get_user_data", { instance_id: ID, max_bytes: 0 });
    match(text(zero), /^InvalidInput: max_bytes: Too small/);
    const bad = await call(client, "ec2_get_user_data", { instance_id: "i-123" });
    match(text(bad), /^InvalidInput: instance_id: expected an id like i-0123456789abcdef0/);
  } finally {
    await close();
  }
});
