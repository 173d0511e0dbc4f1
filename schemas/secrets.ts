/**
 * Masks secret-looking values in free text (user data, launch data) so they never reach the
 * model unless the operator started the server with --reveal-secrets.
 */
const PATTERNS: [RegExp, (match: string, ...groups: string[]) => string][] = [
  // PEM private keys, whole block.
  [
    /-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?-----END \1PRIVATE KEY-----/g,
    (_m, kind) => `-----BEGIN ${kind}PRIVATE KEY-----***MASKED***-----END ${kind}PRIVATE KEY-----`,
  ],
  // AWS access key ids.
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, (m) => `${m.slice(0, 4)}****************`],
  // key = value / key: value / KEY="value" where the key names a secret.
  [
    /\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)[A-Za-z0-9_.-]*)(\s*[:=]\s*|\s+)(["']?)([^\s"'`,;]+)\3/gi,
    (_m, key, sep, quote) => `${key}${sep}${quote}***MASKED***${quote}`,
  ],
  // Bearer tokens and basic-auth URLs.
  [/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, (_m, word) => `${word} ***MASKED***`],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, (_m, prefix) => `${prefix}***MASKED***@`],
];

/** Replaces secret-looking values with `***MASKED***`; returns the text and how many were masked. */
export function maskSecrets(text: string): { text: string; masked: number } {
  let masked = 0;
  let out = text;
  for (const [pattern, replace] of PATTERNS) {
    out = out.replace(pattern, (...args) => {
      masked++;
      return replace(...(args as [string, ...string[]]));
    });
  }
  return { text: out, masked };
}
