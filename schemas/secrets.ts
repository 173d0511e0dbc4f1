/**
 * Masks secret-looking values in free text (user data, launch data, tags, descriptions, audit
 * lines) so they never reach the model unless the operator started the server with
 * --reveal-secrets. MIME parts and base64 (whole payloads and runs inside text) are decoded
 * first, so a secret cannot hide behind an encoding.
 *
 * A maintained rule set (secretlint's recommended preset) was measured on the same corpus
 * (tests/_secrets_corpus.ts): it flagged 4 of 23 forms, because it targets vendor token formats
 * rather than the shell, JSON and PowerShell forms user data carries; so the rules live here.
 */

const MASK = "***MASKED***";

type Replacer = (match: string, ...groups: string[]) => string;

// Words that make a key secret-named, matched against whole segments of the key (DB_PASS,
// apiKey, admin-password), never as substrings (passenger, bypass).
const SECRET_WORDS = new Set([
  "password",
  "passwd",
  "pass",
  "pwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "credential",
  "credentials",
  "auth",
]);
// Pairs of segments that together name a secret (api_key, access-key, privateKey).
const SECRET_PAIRS = new Set([
  "api key",
  "access key",
  "private key",
  "secret key",
  "client secret",
]);
// A last segment that makes a secret-named key describe the secret instead (PASSWORD_MIN_LENGTH,
// TOKEN_FILE, SECRET_ARN): its value is a setting, not the secret.
const QUALIFIERS = new Set([
  "min",
  "max",
  "length",
  "len",
  "file",
  "path",
  "dir",
  "policy",
  "expiry",
  "expires",
  "expiration",
  "ttl",
  "age",
  "count",
  "enabled",
  "required",
  "name",
  "arn",
  "id",
  "url",
  "uri",
  "type",
  "prompt",
  "hash",
  "rotation",
  "version",
]);

/** Whether a key (`DB_PASS`, `apiKey`, `admin-password`) names a secret value. */
export function isSecretKey(key: string): boolean {
  const segments = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (segments.length === 0 || QUALIFIERS.has(segments.at(-1)!)) return false;
  if (segments.some((s) => SECRET_WORDS.has(s))) return true;
  return segments.some((s, i) => i > 0 && SECRET_PAIRS.has(`${segments[i - 1]} ${s}`));
}

// A quoted or bare value: "a b" / 'a b' / bare up to whitespace or a delimiter.
const VALUE = String.raw`"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"'\`,;}]+`;

function maskValue(value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : "";
  return `${quote}${MASK}${quote}`;
}

const PATTERNS: [RegExp, Replacer][] = [
  // PEM and PGP private keys, whole block (or to the end when the block is cut).
  [
    /-----BEGIN ([A-Z ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY\2-----|$)/g,
    (_m, kind, block = "") =>
      `-----BEGIN ${kind}PRIVATE KEY${block}-----${MASK}-----END ${kind}PRIVATE KEY${block}-----`,
  ],
  // PuTTY key files: the private lines and their MAC.
  [
    /(Private-Lines:[ \t]*\d+\r?\n)(?:[A-Za-z0-9+/=]+(?:\r?\n|$))+/g,
    (_m, head) => `${head}${MASK}\n`,
  ],
  [/(Private-MAC:[ \t]*)[0-9a-fA-F]+/g, (_m, head) => `${head}${MASK}`],
  // AWS access key ids.
  [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/g, (m) => `${m.slice(0, 4)}****************`],
  // Vendor tokens with a recognisable prefix: GitHub, Slack, GitLab, Stripe.
  [
    /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255}|xox[abposr]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}|[rs]k_live_[A-Za-z0-9]{20,})/g,
    () => MASK,
  ],
  // Authorization headers of any scheme, and bearer tokens anywhere, in any case.
  [
    /\b(authorization\s*:\s*(?:[A-Za-z-]+\s+)?)[A-Za-z0-9._~+/=-]{6,}/gi,
    (_m, head) => `${head}${MASK}`,
  ],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, (_m, word) => `${word} ${MASK}`],
  // Credentials in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, (_m, prefix) => `${prefix}${MASK}@`],
  // cloud-init's chpasswd list (`user:password` lines) and `echo user:password | chpasswd`.
  [
    /(\bchpasswd:[ \t]*\r?\n(?:[ \t]+[^\n]*\r?\n)*?[ \t]+list:[ \t]*\|?[ \t]*\r?\n)((?:[ \t]+[^\s:]+:\S+[ \t]*(?:\r?\n|$))+)/g,
    (_m, head, lines) =>
      head + lines.replace(/^([ \t]+[^\s:]+:)\S+/gm, (_l: string, user: string) => user + MASK),
  ],
  [
    /(\becho\s+["']?[^\s:"']+:)([^\s"']+)(["']?\s*\|\s*(?:sudo\s+)?chpasswd)/g,
    (_m, head, _pw, tail) => `${head}${MASK}${tail}`,
  ],
  // Command lines that take a password as an argument.
  [
    new RegExp(String.raw`(\bmysql(?:dump|admin|import)?\b[^\n]*?\s-p)(?=\S)(${VALUE})`, "g"),
    (_m, head) => `${head}${MASK}`,
  ],
  [
    new RegExp(String.raw`(\bsshpass\s+-p\s*)(${VALUE})`, "g"),
    (_m, head, value) => `${head}${maskValue(value)}`,
  ],
  [
    new RegExp(String.raw`(\bnet\s+user\s+(?:"[^"\n]*"|\S+)\s+)(?![/*])(${VALUE})`, "gi"),
    (_m, head, value) => `${head}${maskValue(value)}`,
  ],
  [
    new RegExp(String.raw`(\bConvertTo-SecureString\s+(?:-String\s+)?)(${VALUE})`, "gi"),
    (_m, head, value) => `${head}${maskValue(value)}`,
  ],
  [
    new RegExp(
      String.raw`(--?(?:password|passwd|pass|token|secret|api-key|apikey)(?:=|\s+))(?!-)(${VALUE})`,
      "gi",
    ),
    (_m, head, value) => `${head}${maskValue(value)}`,
  ],
  // key = value, key: value, "key": "value", where the key names a secret.
  [
    new RegExp(
      String.raw`(?<![A-Za-z0-9_.-])([A-Za-z_][A-Za-z0-9_.-]*)(["']?)([ \t]*[:=][ \t]*)(${VALUE})`,
      "g",
    ),
    (match, key, quote, sep, value) =>
      isSecretKey(key) && !/^[-|>]?$/.test(value) && !value.includes(MASK)
        ? `${key}${quote}${sep}${maskValue(value)}`
        : match,
  ],
];

function applyPatterns(text: string): { text: string; masked: number } {
  let masked = 0;
  let out = text;
  for (const [pattern, replace] of PATTERNS) {
    out = out.replace(pattern, (...args) => {
      const match = args[0] as string;
      const replaced = replace(...(args as [string, ...string[]]));
      if (replaced !== match) masked++;
      return replaced;
    });
  }
  return { text: out, masked };
}

const BASE64_WHOLE = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;
// Base64 runs inside text long enough to hide a `KEY=value` line.
const BASE64_RUN = /(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=_-])/g;
const MAX_DEPTH = 3;

/** Base64 that decodes to printable UTF-8 text, or undefined. */
export function decodeBase64Text(encoded: string): string | undefined {
  const compact = encoded.replace(/\s+/g, "");
  if (compact.length < 16 || compact.length % 4 !== 0) return undefined;
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(compact), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Control characters other than whitespace: binary, not text.
  // deno-lint-ignore no-control-regex
  return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? undefined : text;
}

function boundaryOf(text: string): string | undefined {
  const match = /^content-type:\s*multipart\/[a-z-]+;[^\n]*?boundary="?([^"\s;]+)"?/im.exec(text);
  return match?.[1];
}

/** Masks each part of a MIME multipart document, decoding base64 parts first. */
function maskMime(text: string, boundary: string, depth: number): { text: string; masked: number } {
  let masked = 0;
  const delimiter = `--${boundary}`;
  const pieces = text.split(delimiter);
  const out = pieces.map((piece, i) => {
    if (i === 0 || piece.startsWith("--")) {
      const r = applyPatterns(piece);
      masked += r.masked;
      return r.text;
    }
    const split = /\r?\n\r?\n/.exec(piece);
    if (!split) return piece;
    const headers = piece.slice(0, split.index);
    const body = piece.slice(split.index + split[0].length);
    const base64 = /^content-transfer-encoding:\s*base64\s*$/im.test(headers);
    const decoded = base64 ? decodeBase64Text(body) : undefined;
    if (decoded === undefined) {
      const r = maskText(body, depth + 1);
      masked += r.masked;
      return `${headers}${split[0]}${r.text}`;
    }
    const r = maskText(decoded, depth + 1);
    if (r.masked === 0) return piece;
    masked += r.masked;
    // The part is shown decoded, so the header says so.
    const plain = headers.replace(
      /^(content-transfer-encoding:\s*)base64\s*$/im,
      "$18bit",
    );
    return `${plain}${split[0]}${r.text.endsWith("\n") ? r.text : `${r.text}\n`}`;
  });
  return { text: out.join(delimiter), masked };
}

function maskText(text: string, depth: number): { text: string; masked: number } {
  if (depth > MAX_DEPTH) return applyPatterns(text);
  // A whole payload that is base64 of text: shown decoded and masked when it hid a secret.
  if (BASE64_WHOLE.test(text)) {
    const decoded = decodeBase64Text(text);
    if (decoded !== undefined) {
      const inner = maskText(decoded, depth + 1);
      if (inner.masked > 0) return inner;
    }
  }
  const boundary = boundaryOf(text);
  if (boundary) return maskMime(text, boundary, depth);
  let masked = 0;
  // Base64 runs inside text (`echo … | base64 -d | bash`) that hide a secret are masked whole.
  const unwrapped = text.replace(BASE64_RUN, (run) => {
    const decoded = decodeBase64Text(run);
    if (decoded === undefined) return run;
    const inner = maskText(decoded, depth + 1);
    if (inner.masked === 0) return run;
    masked += inner.masked;
    return MASK;
  });
  const r = applyPatterns(unwrapped);
  return { text: r.text, masked: masked + r.masked };
}

/** Replaces secret-looking values with `***MASKED***`; returns the text and how many were masked. */
export function maskSecrets(text: string): { text: string; masked: number } {
  return maskText(text, 0);
}

const TAG_KEYS = /^(tags|Tags|TagSet|TagSpecifications)$/;
const TEXT_KEYS = /^(description|Description|name|Name|name_tag)$/;

/**
 * Masks what a resource's owner wrote into a result (tag values, descriptions, names): a tag
 * whose key names a secret is masked whole, other text through `maskSecrets`. Returns the
 * value (a copy where something changed) and how many values were masked.
 */
export function maskResourceText(value: unknown): { value: unknown; masked: number } {
  let masked = 0;
  const text = (s: string) => {
    const r = maskSecrets(s);
    masked += r.masked;
    return r.text;
  };
  const tagValue = (key: unknown, v: string) => {
    if (typeof key === "string" && isSecretKey(key) && v !== "") {
      masked++;
      return MASK;
    }
    return text(v);
  };
  const walk = (node: unknown, key: string, inTags: boolean): unknown => {
    if (typeof node === "string") return TEXT_KEYS.test(key) || inTags ? text(node) : node;
    if (Array.isArray(node)) return node.map((item) => walk(item, key, inTags));
    if (!node || typeof node !== "object") return node;
    const record = node as Record<string, unknown>;
    // {Key, Value} pairs (AWS shape) and {key: value} records (our summaries).
    if (inTags && ("Key" in record || "key" in record)) {
      const k = record.Key ?? record.key;
      const field = "Value" in record ? "Value" : "value";
      const v = record[field];
      return typeof v === "string" ? { ...record, [field]: tagValue(k, v) } : record;
    }
    return Object.fromEntries(
      Object.entries(record).map(([k, v]) => {
        if (inTags && typeof v === "string") return [k, tagValue(k, v)];
        return [k, walk(v, k, TAG_KEYS.test(k))];
      }),
    );
  };
  const out = walk(value, "", false);
  return { value: masked ? out : value, masked };
}
