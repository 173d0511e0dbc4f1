import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getObject, textOf } from "./get_object.ts";

const body = (bytes: Uint8Array) => ({ transformToByteArray: () => Promise.resolve(bytes) });
const enc = (s: string) => new TextEncoder().encode(s);

function aws(content: Uint8Array, type?: string) {
  return stubAws({
    s3: {
      getBucketLocation: () => ({ LocationConstraint: "eu-west-1" }),
      headObject: () => ({ ContentLength: content.length, ...(type ? { ContentType: type } : {}) }),
      getObject: (i: { Range: string }) => {
        const [, from, to] = i.Range.match(/^bytes=(\d+)-(\d+)$/) ?? [];
        return { Body: body(content.subarray(Number(from), Number(to) + 1)) };
      },
    },
  });
}

Deno.test("s3_get_object masks secrets and reads the requested range", async () => {
  const content = enc("user=app\npassword=s3cr3t-value\nend\n");
  const stub = aws(content, "text/plain");
  const { client, close } = await connect({}, { aws: stub, inventory: [getObject] });
  try {
    const out = await callOk<Record<string, unknown>>(client, "s3_get_object", {
      bucket: "cfg",
      key: "app.conf",
    });
    equal(out.text, "user=app\npassword=***MASKED***\nend\n");
    equal(out.masked_values, 1);
    equal(out.truncated, false);
    equal(out.range, `0-${content.length - 1}`);
    const part = await callOk<Record<string, unknown>>(client, "s3_get_object", {
      bucket: "cfg",
      key: "app.conf",
      offset: 2,
      max_bytes: 4,
    });
    equal(part.text, "er=a");
    equal(part.truncated, true);
    match(String(part.note), /call again with offset 6/);
    deepEqual(stub.calls.filter((c) => c.method === "getObject").map((c) => c.input), [
      { Bucket: "cfg", Key: "app.conf", Range: `bytes=0-${content.length - 1}` },
      { Bucket: "cfg", Key: "app.conf", Range: "bytes=2-5" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("s3_get_object shows secrets to an operator who started with --reveal-secrets", async () => {
  const { client, close } = await connect({ revealSecrets: true }, {
    aws: aws(enc("password=s3cr3t-value"), "text/plain"),
    inventory: [getObject],
  });
  try {
    const out = await callOk<Record<string, unknown>>(client, "s3_get_object", {
      bucket: "cfg",
      key: "k",
    });
    equal(out.text, "password=s3cr3t-value");
  } finally {
    await close();
  }
});

Deno.test("s3_get_object answers metadata only for binary types and binary bytes", async () => {
  for (
    const [content, type] of [[enc("PNG"), "image/png"], [
      new Uint8Array([0, 1, 2, 0xff]),
      undefined,
    ]] as const
  ) {
    const stub = aws(content, type);
    const { client, close } = await connect({}, { aws: stub, inventory: [getObject] });
    try {
      const out = await callOk<Record<string, unknown>>(client, "s3_get_object", {
        bucket: "bin",
        key: "k",
      });
      equal(out.binary, true);
      equal(out.text, undefined);
      equal(out.size, content.length);
      match(String(out.note), /binary/);
      // A binary type is known from HEAD alone: its bytes are never fetched.
      equal(stub.calls.some((c) => c.method === "getObject"), type === undefined);
    } finally {
      await close();
    }
  }
});

Deno.test("s3_get_object names bad offsets and bounds", async () => {
  const { client, close } = await connect({}, {
    aws: aws(enc("tiny"), "text/plain"),
    inventory: [getObject],
  });
  try {
    match(
      text(await call(client, "s3_get_object", { bucket: "bin", key: "k", offset: 9 })),
      /^InvalidInput: offset: 9 is past the end of the object \(4 bytes\)/,
    );
    match(
      text(await call(client, "s3_get_object", { bucket: "bin", key: "k", max_bytes: 300_000 })),
      /^InvalidInput: max_bytes: Too big/,
    );
  } finally {
    await close();
  }
});

Deno.test("textOf leaves a character cut by the range for the next call", () => {
  const bytes = enc("aé"); // 61 c3 a9
  deepEqual(textOf(bytes.subarray(0, 2), true), { text: "a", used: 1 });
  deepEqual(textOf(bytes, false), { text: "aé", used: 3 });
  equal(textOf(bytes.subarray(0, 2), false), undefined);
  ok(textOf(enc("line\n\ttabbed\r\n"), false));
});
