import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { maskSecrets } from "../_secrets.ts";
import { defineTool } from "../tool.ts";

const DEFAULT_MAX = 16_000;
/** User data is at most 16 KB before base64, but gzip can expand it a lot: stop here. */
const MAX_INFLATED = 1_048_576;

/** User data bytes with gzip undone, and whether inflation stopped at the cap. */
async function inflate(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ bytes: Uint8Array; gzip: boolean; cut: boolean }> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    return { bytes, gzip: false, cut: false };
  }
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let cut = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      if (size >= MAX_INFLATED) {
        cut = true;
        await reader.cancel();
        break;
      }
    }
  } catch {
    // Not really gzip after all (or corrupt): show what AWS holds, as bytes.
    return { bytes, gzip: false, cut: false };
  }
  const out = new Uint8Array(Math.min(size, MAX_INFLATED));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, out.length - at);
    out.set(part, at);
    at += part.length;
  }
  return { bytes: out, gzip: true, cut };
}

/** The UTF-8 text of the bytes, or undefined when they are binary. */
function asText(bytes: Uint8Array, cut: boolean): string | undefined {
  try {
    // A cap-cut buffer may end inside a character: decode leniently only at its very end.
    const text = new TextDecoder("utf-8", { fatal: !cut }).decode(bytes);
    return text.includes("\0") ? undefined : text;
  } catch {
    return undefined;
  }
}

/** The longest prefix of `text` whose UTF-8 encoding fits in `maxBytes`, never splitting a character. */
export function cutUtf8(
  text: string,
  maxBytes: number,
): { text: string; bytes: number; cut: boolean } {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return { text, bytes: bytes.length, cut: false };
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return { text: new TextDecoder().decode(bytes.subarray(0, end)), bytes: end, cut: true };
}

/** `ec2_get_user_data`: an instance's user data as text, decoded, secret-masked and bounded. */
export const getUserData = defineTool({
  name: "ec2_get_user_data",
  toolset: "ec2",
  title: "Get an instance's user data",
  description:
    "An instance's user data (launch script) as text: base64 and gzip undone, secret-looking values masked, cut at max_bytes (default 16000). Binary data is reported by size only.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstanceAttribute"],
  input: z.object({
    instance_id: instanceId,
    max_bytes: z.int().min(1).max(64_000).optional(),
  }),
  output: z.object({
    instance_id: z.string(),
    user_data: z.string().optional(),
    bytes: z.int().describe("Size of the decoded (and decompressed) user data"),
    truncated: z.boolean(),
    masked_values: z.int(),
    binary: z.boolean(),
    gzip: z.boolean(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeInstanceAttribute({
      InstanceId: args.instance_id,
      Attribute: "userData",
    });
    const instance_id = out.InstanceId ?? args.instance_id;
    const encoded = out.UserData?.Value ?? "";
    const none = { instance_id, bytes: 0, truncated: false, masked_values: 0, binary: false };
    if (!encoded) return { ...none, gzip: false, note: "the instance has no user data" };
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    } catch {
      throw new ToolError(
        "InvalidUserData",
        `user data of ${instance_id} is not valid base64`,
        "AWS returned malformed data; retry later",
      );
    }
    const { bytes, gzip, cut } = await inflate(raw);
    const size = cut ? `over ${MAX_INFLATED} bytes` : `${bytes.length} bytes`;
    const text = asText(bytes, cut);
    if (text === undefined) {
      return {
        ...none,
        bytes: bytes.length,
        truncated: cut,
        binary: true,
        gzip,
        note: `binary user data (${size}${gzip ? " after gunzip" : ""}), not shown`,
      };
    }
    // Mask before cutting, so a secret split by the cut (a PEM block) is still recognised.
    const masked = ctx.revealSecrets ? { text, masked: 0 } : maskSecrets(text);
    const shown = cutUtf8(masked.text, args.max_bytes ?? DEFAULT_MAX);
    return compact({
      instance_id,
      user_data: shown.text,
      bytes: bytes.length,
      truncated: shown.cut || cut,
      masked_values: masked.masked,
      binary: false,
      gzip,
      note: shown.cut || cut
        ? `shows the first ${shown.bytes} bytes of ${size}; raise max_bytes (up to 64000) for more`
        : undefined,
    });
  },
});
