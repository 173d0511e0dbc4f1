import { maskSecrets } from "./secrets.ts";

/** Text the model may read: secret-looking values masked (unless revealed), then clipped. */
export function maskText(text: string, reveal: boolean, maxChars = Infinity): string {
  const out = reveal ? text : maskSecrets(text).text;
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}
