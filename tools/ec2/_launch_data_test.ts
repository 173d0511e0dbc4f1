import { deepEqual, equal, match } from "node:assert/strict";
import { tagMap } from "../../schemas/tags.ts";
import { decodeUserData, MAX_USER_DATA, readableLaunchData } from "./_launch_data.ts";

const b64 = (bytes: Uint8Array) => {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
};
const utf8 = (s: string) => new TextEncoder().encode(s);
async function gzip(s: string): Promise<Uint8Array> {
  const stream = new Blob([utf8(s)]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

Deno.test("decodeUserData decodes base64 UTF-8 and masks secrets unless revealed", async () => {
  const encoded = b64(utf8("export API_TOKEN=abc123\necho héllo\n"));
  deepEqual(await decodeUserData(encoded, false), {
    text: "export API_TOKEN=***MASKED***\necho héllo\n",
    masked: 1,
  });
  deepEqual(await decodeUserData(encoded, true), {
    text: "export API_TOKEN=abc123\necho héllo\n",
    masked: 0,
  });
});

Deno.test("decodeUserData undoes gzip", async () => {
  const out = await decodeUserData(b64(await gzip("#cloud-config\npassword: s3cret\n")), false);
  deepEqual(out, { text: "#cloud-config\npassword: ***MASKED***\n", masked: 1 });
});

Deno.test("decodeUserData describes binary and malformed data instead of showing it", async () => {
  deepEqual(await decodeUserData(b64(new Uint8Array([0xff, 0xfe, 0x00, 0x01])), false), {
    text: "[binary, 4 bytes, not shown]",
    masked: 0,
  });
  deepEqual(await decodeUserData("not base64!", false), {
    text: "[not valid base64, not shown]",
    masked: 0,
  });
  deepEqual(await decodeUserData(b64(new Uint8Array([0x1f, 0x8b, 1, 2, 3])), false), {
    text: "[binary, 5 bytes, not shown]",
    masked: 0,
  });
});

Deno.test("decodeUserData cuts a gzip bomb at the cap, after masking", async () => {
  const script = `password=abc ${"y".repeat(MAX_USER_DATA * 4)}`;
  const out = await decodeUserData(b64(await gzip(script)), false);
  equal(out.masked, 1);
  match(out.text, /^password=\*\*\*MASKED\*\*\* y+\n\[cut at 32000 bytes\]$/);
  equal(out.text.length, MAX_USER_DATA + "\n[cut at 32000 bytes]".length);
});

Deno.test("readableLaunchData prunes the data and replaces UserData with text", async () => {
  deepEqual(
    await readableLaunchData(
      { UserData: b64(utf8("secret=x")), ImageId: "ami-1", SecurityGroupIds: [] } as never,
      false,
    ),
    { data: { UserData: "secret=***MASKED***", ImageId: "ami-1" }, masked: 1 },
  );
  deepEqual(await readableLaunchData({ UserData: "" }, false), { data: undefined, masked: 0 });
  deepEqual(await readableLaunchData(undefined, false), { data: undefined, masked: 0 });
});

Deno.test("tagMap turns tags into a record and drops an empty list", () => {
  deepEqual(tagMap([{ Key: "a", Value: "1" }, { Key: "b" }]), { a: "1", b: "" });
  equal(tagMap([]), undefined);
  equal(tagMap(undefined), undefined);
});
