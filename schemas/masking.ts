import { maskSecrets } from "./secrets.ts";

/** Names that mark a value as secret, the same words maskSecrets looks for in `key=value`. */
const SECRET_NAME =
  /password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential/i;

// `"db_password": "hunter2"` inside JSON text (log lines, payloads), which `key=value` misses.
const QUOTED_PAIR = /("([^"\\]*)"\s*:\s*)"((?:[^"\\]|\\.)*)"/g;

/** Text the model may read: secret-looking values masked (unless revealed), then clipped. */
export function maskText(text: string, reveal: boolean, maxChars = Infinity): string {
  let out = text;
  if (!reveal) {
    out = maskSecrets(out).text.replace(
      QUOTED_PAIR,
      (match, head, key: string) => SECRET_NAME.test(key) ? `${head}"***MASKED***"` : match,
    );
  }
  return out.length > maxChars ? `${out.slice(0, maxChars)}…` : out;
}

/** Whether a variable's name says its value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
