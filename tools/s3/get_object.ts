import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { maskSecrets } from "../../schemas/secrets.ts";
import { defineTool } from "../tool.ts";
import { bucketClient, bucketName } from "./_s3.ts";

const DEFAULT_MAX = 65_536;
const MAX = 262_144;

// Types that are never text; everything else is sniffed (NUL bytes, invalid UTF-8).
const BINARY_TYPES = /^(image|audio|video|font)\/|^application\/(zip|gzip|x-tar|pdf|x-7z|vnd\.)/i;

/**
 * The bytes as text and how many of them it uses, or undefined when they look binary (NUL,
 * invalid UTF-8, many control bytes). A cut range may end inside a character: that tail is left
 * for the next call.
 */
export function textOf(
  bytes: Uint8Array,
  cut: boolean,
): { text: string; used: number } | undefined {
  let end = bytes.length;
  if (cut) {
    // Back up to the start of a trailing multi-byte sequence, if the cut fell inside one.
    let lead = end - 1;
    while (lead > end - 4 && lead > 0 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
    if (((bytes[lead] ?? 0) & 0x80) !== 0) end = lead;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end));
  } catch {
    return undefined;
  }
  // deno-lint-ignore no-control-regex
  const controls = text.match(/[\x00-\x08\x0e-\x1a\x1c-\x1f]/g)?.length ?? 0;
  return controls > text.length / 100 ? undefined : { text, used: end };
}

/** `s3_get_object`: a text object's content, bounded, secret-masked; binary objects by metadata. */
export const getObject = defineTool({
  name: "s3_get_object",
  toolset: "s3",
  title: "Read an S3 object",
  description:
    "A text object's content (first max_bytes from offset, default 64 KB) after its type and size; secret-looking values masked. Binary objects: metadata only.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["s3:GetBucketLocation", "s3:GetObject"],
  input: z.object({
    bucket: bucketName,
    key: z.string().min(1).max(1024),
    offset: z.int().min(0).optional(),
    max_bytes: z.int().min(1).max(MAX).optional(),
    version_id: z.string().min(1).max(1024).optional(),
  }),
  output: z.object({
    region: z.string().describe("The bucket's"),
    bucket: z.string(),
    key: z.string(),
    content_type: z.string().optional(),
    size: z.number(),
    modified: z.string().optional(),
    range: z.string().optional().describe("Bytes returned, first-last"),
    truncated: z.boolean(),
    binary: z.boolean(),
    masked_values: z.int().optional(),
    text: z.string().optional(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const { s3, region } = await bucketClient(ctx, args.bucket);
    const version = args.version_id ? { VersionId: args.version_id } : {};
    const head = await s3.headObject({ Bucket: args.bucket, Key: args.key, ...version });
    const size = head.ContentLength ?? 0;
    const type = head.ContentType;
    const meta = {
      region,
      bucket: args.bucket,
      key: args.key,
      content_type: type,
      size,
      modified: head.LastModified?.toISOString(),
    };
    const offset = args.offset ?? 0;
    if (size > 0 && offset >= size) {
      throw new ToolError(
        "InvalidInput",
        `offset: ${offset} is past the end of the object (${size} bytes)`,
        `pass an offset below ${size}`,
      );
    }
    const binary = { ...meta, truncated: false, binary: true };
    if (type && BINARY_TYPES.test(type)) {
      return compact({ ...binary, note: `binary object (${type}), content not returned` });
    }
    if (size === 0) return compact({ ...meta, truncated: false, binary: false, text: "" });
    const last = Math.min(size, offset + (args.max_bytes ?? DEFAULT_MAX)) - 1;
    const out = await s3.getObject({
      Bucket: args.bucket,
      Key: args.key,
      Range: `bytes=${offset}-${last}`,
      ...version,
    });
    const bytes = await out.Body?.transformToByteArray() ?? new Uint8Array();
    const cut = offset + bytes.length < size;
    const decoded = textOf(bytes, cut);
    if (!decoded) return compact({ ...binary, note: "binary content, not returned" });
    const { text, masked } = ctx.revealSecrets
      ? { text: decoded.text, masked: 0 }
      : maskSecrets(decoded.text);
    const next = offset + decoded.used;
    return compact({
      ...meta,
      range: `${offset}-${next - 1}`,
      truncated: next < size,
      binary: false,
      masked_values: masked,
      text,
      note: next < size ? `${size - next} more bytes: call again with offset ${next}` : undefined,
    });
  },
});
