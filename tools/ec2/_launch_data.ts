import { prune } from "../../schemas/compact.ts";
import { maskSecrets } from "../_secrets.ts";

/** User data shown at most, in characters (and inflated bytes): gzip can expand 16 KB a lot. */
export const MAX_USER_DATA = 32_000;

/** Tags as a `{key: value}` record, or undefined when there are none. */
export function tagMap(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> | undefined {
  const entries = (tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ""]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

async function gunzip(bytes: Uint8Array<ArrayBuffer>): Promise<{ raw: Uint8Array; cut: boolean }> {
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))
    .getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Stop past the cap: a few KB of gzip can inflate to gigabytes.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > MAX_USER_DATA) {
      await reader.cancel();
      break;
    }
  }
  const raw = new Uint8Array(size);
  chunks.reduce((at, chunk) => (raw.set(chunk, at), at + chunk.length), 0);
  return { raw, cut: size > MAX_USER_DATA };
}

/**
 * Base64 user data as text the model can read: gzip undone, secret-looking values masked unless
 * `reveal`, cut at MAX_USER_DATA; binary or malformed data is described, never shown.
 */
export async function decodeUserData(
  encoded: string,
  reveal: boolean,
): Promise<{ text: string; masked: number }> {
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  } catch {
    return { text: "[not valid base64, not shown]", masked: 0 };
  }
  let raw: Uint8Array = bytes;
  let inflateCut = false;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      ({ raw, cut: inflateCut } = await gunzip(bytes));
    } catch {
      return { text: `[corrupt gzip, ${bytes.length} bytes, not shown]`, masked: 0 };
    }
  }
  const binary = { text: `[binary, ${raw.length} bytes, not shown]`, masked: 0 };
  let text: string;
  try {
    // Inflation stopped at the cap may end inside a character; other invalid UTF-8 is binary.
    text = new TextDecoder("utf-8", { fatal: !inflateCut }).decode(raw);
  } catch {
    return binary;
  }
  if (text.includes("\0")) return binary;
  // Mask before cutting, so a secret that straddles the cut is still recognised.
  const masked = reveal ? { text, masked: 0 } : maskSecrets(text);
  if (!inflateCut && masked.text.length <= MAX_USER_DATA) return masked;
  return {
    text: `${masked.text.slice(0, MAX_USER_DATA)}\n[cut at ${MAX_USER_DATA} characters]`,
    masked: masked.masked,
  };
}

/**
 * Pruned launch data (a launch template version's or a spot request's launch specification)
 * with its `UserData` decoded and masked; `masked` counts the values hidden.
 */
export async function readableLaunchData(
  data: { UserData?: string | undefined } | undefined,
  reveal: boolean,
): Promise<{ data: Record<string, unknown> | undefined; masked: number }> {
  if (!data) return { data: undefined, masked: 0 };
  const pruned = prune(data) as Record<string, unknown> | undefined;
  if (!pruned || typeof data.UserData !== "string" || !data.UserData) {
    return { data: pruned, masked: 0 };
  }
  const { text, masked } = await decodeUserData(data.UserData, reveal);
  return { data: { ...pruned, UserData: text }, masked };
}
