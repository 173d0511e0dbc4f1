import { maskSecrets } from "../schemas/secrets.ts";

/** User data is at most 16 KB before base64, but gzip can expand it a lot: inflation stops here. */
export const MAX_INFLATED = 1_048_576;

/** User data as the model may see it. */
export interface UserDataText {
  /** The text, masked unless revealed and cut at the byte bound; absent when binary. */
  text?: string;
  /** Size after base64 and gzip are undone (the cap when inflation stopped there). */
  bytes: number;
  gzip: boolean;
  binary: boolean;
  /** Inflation stopped at the cap, or the text was cut at the byte bound. */
  truncated: boolean;
  /** Bytes of text shown. */
  shownBytes: number;
  /** Secret-looking values masked. */
  masked: number;
}

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
    // Not really gzip after all (or corrupt): what AWS holds is reported as bytes.
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

function asText(bytes: Uint8Array, cut: boolean): string | undefined {
  try {
    // A cap-cut buffer may end inside a character: decode leniently only then.
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

/**
 * Base64 user data (instance attribute, launch data, spot specification) as bounded text:
 * gzip undone, secret-looking values masked unless `reveal`, cut at `maxBytes`; undefined when
 * it is not base64. Binary data (invalid UTF-8, NUL bytes) is reported by size only.
 */
export async function readUserData(
  encoded: string,
  options: { reveal: boolean; maxBytes: number },
): Promise<UserDataText | undefined> {
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  const { bytes, gzip, cut } = await inflate(raw);
  const text = asText(bytes, cut);
  const base = { bytes: bytes.length, gzip, masked: 0 };
  if (text === undefined) return { ...base, binary: true, truncated: cut, shownBytes: 0 };
  // Mask before cutting, so a secret split by the cut (a PEM block) is still recognised.
  const masked = options.reveal ? { text, masked: 0 } : maskSecrets(text);
  const shown = cutUtf8(masked.text, options.maxBytes);
  return {
    ...base,
    text: shown.text,
    binary: false,
    truncated: shown.cut || cut,
    shownBytes: shown.bytes,
    masked: masked.masked,
  };
}
