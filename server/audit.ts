import { dirname } from "node:path";
import type { z } from "zod";
import { maskSecrets } from "../schemas/secrets.ts";

/** One line of the audit log. */
export interface AuditEntry {
  time: string;
  /** `intent` is written before the mutation (none written, none done); `outcome` after it. */
  phase: "intent" | "outcome";
  /** Ties an outcome line to its intent line. */
  call: string;
  tool: string;
  region: string;
  account: string;
  /** The caller's ARN (an assumed role's session when role_arn was given). */
  principal?: string;
  /** The role the call acted as (role_arn resolved from its alias), if any. */
  role?: string;
  arguments: unknown;
  /** pending (intent lines), ok, error, dry_run, declined, cancelled. */
  outcome: string;
  /**
   * accepted, declined, cancelled, unsupported (refused: no elicitation), waived (nobody could be
   * asked and the operator started with --waive-confirmation), or not_required.
   */
  confirmation: string;
  error?: string;
}

/** A line longer than this is cut: its arguments are replaced by their size. */
export const MAX_LINE_BYTES = 16_384;

// Argument names whose free-text values never enter the log, whatever they contain.
const SECRET_KEYS = /user_?data|password|passwd|secret|private_?key|token|credential/i;

type Schema = z.ZodType | undefined;

/** The schema under optional/nullable/default wrappers. */
function unwrap(schema: Schema): Schema {
  let s = schema as { _zod?: { def: { type: string; innerType?: z.ZodType } } } | undefined;
  while (s?._zod && ["optional", "nullable", "default", "readonly"].includes(s._zod.def.type)) {
    s = s._zod.def.innerType as typeof s;
  }
  return s as Schema;
}

function typeOf(schema: Schema): string | undefined {
  return (unwrap(schema) as { _zod?: { def: { type: string } } } | undefined)?._zod?.def.type;
}

// Values of these types are chosen from a fixed set or are numbers: no secret can hide there.
const CLOSED_TYPES = new Set(["enum", "literal", "boolean", "number", "int", "bigint"]);

/**
 * Removes secrets from tool arguments: free-text fields with secret-looking names entirely,
 * secret-looking text masked. With the input schema, enum fields such as `http_tokens` are kept.
 */
export function redact(value: unknown, key = "", schema?: Schema): unknown {
  const type = typeOf(schema);
  if (
    SECRET_KEYS.test(key) && value !== undefined && key !== "next_token" &&
    !(type && CLOSED_TYPES.has(type))
  ) {
    return "[REDACTED]";
  }
  if (typeof value === "string") return maskSecrets(value).text;
  const inner = unwrap(schema) as
    | { _zod?: { def: { type: string; element?: Schema; shape?: Record<string, Schema> } } }
    | undefined;
  if (Array.isArray(value)) {
    return value.map((v) => redact(v, "", inner?._zod?.def.element));
  }
  if (value && typeof value === "object") {
    const shape = inner?._zod?.def.type === "object"
      ? (inner as unknown as { shape: Record<string, Schema> }).shape
      : undefined;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redact(v, k, shape?.[k])]),
    );
  }
  return value;
}

/** The JSON line for an entry: redacted, and cut to MAX_LINE_BYTES by dropping the arguments. */
export function auditLine(entry: AuditEntry, schema?: Schema): string {
  const full = JSON.stringify({ ...entry, arguments: redact(entry.arguments, "", schema) });
  const bytes = new TextEncoder().encode(full).length;
  if (bytes <= MAX_LINE_BYTES) return full + "\n";
  const cut = JSON.stringify({
    ...entry,
    arguments: { truncated: true, bytes },
    ...(entry.error ? { error: entry.error.slice(0, 1000) } : {}),
  });
  return cut + "\n";
}

/** Why the audit log cannot be used; main.ts exits 2 with this at start. */
export class AuditLogError extends Error {}

/**
 * An append-only JSON-lines audit log. `open()` creates the directory (0700) and the file
 * (0600), refusing a symlink or anything but a regular file; each entry is one write with
 * O_APPEND on the file opened then, so a later swap of the path cannot redirect it.
 */
export class AuditLog {
  #file: Promise<Deno.FsFile> | undefined;

  /** Opens nothing until `open()` or the first entry. */
  constructor(readonly path: string) {}

  /** Opens the log, once; rejects with an AuditLogError saying why it cannot be used. */
  open(): Promise<Deno.FsFile> {
    this.#file ??= this.#open();
    return this.#file;
  }

  async #open(): Promise<Deno.FsFile> {
    const fail = (why: string) => new AuditLogError(`--audit-log ${this.path}: ${why}`);
    try {
      await Deno.mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    } catch (err) {
      throw fail(`cannot create its directory (${(err as Error).message})`);
    }
    const check = async () => {
      let info: Deno.FileInfo;
      try {
        info = await Deno.lstat(this.path);
      } catch (err) {
        if (err instanceof Deno.errors.NotFound) return;
        throw fail(`cannot inspect it (${(err as Error).message})`);
      }
      if (info.isSymlink) throw fail("is a symlink; give the real path of a regular file");
      if (!info.isFile) throw fail("is not a regular file");
    };
    await check();
    let file: Deno.FsFile;
    try {
      file = await Deno.open(this.path, { append: true, create: true, mode: 0o600 });
    } catch (err) {
      throw fail(`cannot open it for appending (${(err as Error).message})`);
    }
    // The path may have been swapped between the check and the open: check what was opened.
    try {
      await check();
      if (!(await file.stat()).isFile) throw fail("is not a regular file");
    } catch (err) {
      file.close();
      throw err;
    }
    return file;
  }

  /** Appends one entry as one write; rejects when the line could not be written whole. */
  async record(entry: AuditEntry, schema?: Schema): Promise<void> {
    const file = await this.open();
    const bytes = new TextEncoder().encode(auditLine(entry, schema));
    const written = await file.write(bytes);
    if (written !== bytes.length) {
      throw new AuditLogError(`--audit-log ${this.path}: short write (${written} bytes)`);
    }
  }

  /** Closes the file (tests; a server keeps it open for its lifetime). */
  async close(): Promise<void> {
    const file = await this.#file?.catch(() => undefined);
    file?.close();
    this.#file = undefined;
  }
}
