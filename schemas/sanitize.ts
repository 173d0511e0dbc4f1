/**
 * Text a resource controls (tags, names, descriptions) made safe for a confirmation line: a Name
 * tag must not be able to rewrite the question the human answers.
 */

// ANSI/VT escape sequences: CSI (ESC [ … final byte), OSC (ESC ] … BEL or ST), and 2-byte escapes.
// deno-lint-ignore no-control-regex
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
// C0 and C1 controls (newlines and tabs included), DEL, line/paragraph separators, bidi
// embeddings, overrides, isolates and marks, zero-width characters and the BOM.
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Strips escape sequences and unsafe characters (each becomes a space) and collapses spaces. */
export function sanitize(text: string): string {
  return text.replace(ANSI, " ").replace(UNSAFE, " ").replace(/\s+/g, " ").trim();
}

/** A resource-controlled string, sanitised, truncated to `max` characters and double-quoted. */
export function quoted(text: string, max = 48): string {
  const clean = [...sanitize(text)];
  const cut = clean.length > max ? clean.slice(0, max - 1).join("") + "…" : clean.join("");
  return `"${cut.replaceAll('"', "'")}"`;
}

/** One target of a confirmation: its id, the name it carries and facts AWS controls. */
export interface Target {
  id: string;
  /** Resource-controlled (a Name tag, a name): quoted and truncated. */
  name?: string | undefined;
  /** AWS-controlled facts (type, size, state); sanitised too. */
  facts?: readonly (string | undefined)[];
}

/**
 * A confirmation line with the count and ids first, then what each target is:
 * `Terminate 2 instances i-1, i-2: i-1 "web" t3.micro; i-2 t3.small`.
 */
export function confirmLine(action: string, noun: string, targets: readonly Target[]): string {
  const n = targets.length;
  const head = `${action} ${n} ${noun}${n === 1 ? "" : "s"} ${targets.map((t) => t.id).join(", ")}`;
  const details = targets.flatMap((t) => {
    const about = [
      ...(t.name ? [quoted(t.name)] : []),
      ...(t.facts ?? []).filter((f): f is string => !!f).map(sanitize),
    ];
    return about.length ? [`${t.id} ${about.join(" ")}`] : [];
  });
  return details.length ? `${head}: ${details.join("; ")}` : head;
}
