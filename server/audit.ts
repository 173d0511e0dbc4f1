import { maskSecrets } from "../schemas/secrets.ts";

/** One line of the audit log. */
export interface AuditEntry {
  time: string;
  tool: string;
  region: string;
  account: string;
  arguments: unknown;
  /** ok, error, dry_run, declined, cancelled. */
  outcome: string;
  /** accepted, declined, cancelled, unsupported (no elicitation), or not_required. */
  confirmation: string;
  error?: string;
}

// Argument names whose values never enter the log, whatever they contain.
const SECRET_KEYS = /user_?data|password|passwd|secret|private_?key|token|credential/i;

/** Removes secrets from tool arguments: secret-named fields entirely, secret-looking text masked. */
export function redact(value: unknown, key = ""): unknown {
  if (SECRET_KEYS.test(key) && value !== undefined && key !== "next_token") return "[REDACTED]";
  if (typeof value === "string") return maskSecrets(value).text;
  if (Array.isArray(value)) return value.map((v) => redact(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v, k)]));
  }
  return value;
}

/** An append-only JSON-lines audit log; each entry is one write with O_APPEND. */
export class AuditLog {
  /** Opens nothing until the first entry. */
  constructor(readonly path: string) {}

  /** Appends one entry; the file is created with mode 0600. */
  async record(entry: AuditEntry): Promise<void> {
    const line = JSON.stringify({ ...entry, arguments: redact(entry.arguments) }) + "\n";
    await Deno.writeTextFile(this.path, line, { append: true, create: true, mode: 0o600 });
  }
}
