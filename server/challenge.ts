/**
 * Confirmation challenges (MCP 2026-07-28 multi-round-trip requests). A destructive call answers
 * `input_required` with a question and a `requestState` sealed by the SDK's HMAC codec; the
 * client's retry carries the state back with the human's answer. The state binds the answer to
 * the one call it was asked about: tool, a hash of the canonical arguments, a hash of the question
 * (what will be destroyed), a random nonce and an expiry. Any replica holding the same key can
 * verify it, so no sticky sessions are needed; a nonce is accepted once per process.
 */
import { createRequestStateCodec, type RequestStateCodec, type ServerContext } from "./mcp.ts";

/** What a challenge binds, as sealed in `requestState`. */
export interface Challenge {
  tool: string;
  /** SHA-256 of the canonical JSON arguments. */
  args: string;
  /** The question the human was shown (questionDigest). */
  what: string;
  nonce: string;
}

/** How long a question stays answerable, in seconds. */
export const CHALLENGE_TTL_SECONDS = 600;

/** Hex SHA-256 of a text. */
export async function sha256(text: string): Promise<string> {
  const bytes = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The digest binding a challenge to its question. Instants computed from the clock ("events older
 * than 2026-…T…Z will be deleted") differ between the round that asks and the round that acts, so
 * ISO-8601 instants are left out; the targets, counts and names are what the human approves.
 */
export async function questionDigest(question: string): Promise<string> {
  return await sha256(question.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, "<time>"));
}

/** JSON with object keys sorted at every depth, so equal arguments hash equally. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** A fresh random key for one process (replicas then cannot verify each other's challenges). */
export function randomKey(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

/** Mints and verifies challenges, and remembers the nonces already answered in this process. */
export class Challenges {
  /** The codec; its `verify` runs (as the server's requestState hook) before every handler. */
  readonly codec: RequestStateCodec<Challenge>;
  readonly #answered = new Map<string, number>();
  readonly #ttlMs: number;

  constructor(key: Uint8Array, ttlSeconds = CHALLENGE_TTL_SECONDS) {
    // Bound to the method too: a tools/call challenge means nothing anywhere else.
    this.codec = createRequestStateCodec<Challenge>({
      key,
      ttlSeconds,
      bind: (ctx) => ctx.mcpReq.method,
    });
    this.#ttlMs = ttlSeconds * 1000;
  }

  /** Seals a new challenge for this call and question. */
  async mint(ctx: ServerContext, tool: string, args: string, question: string): Promise<string> {
    const nonce = crypto.randomUUID();
    return await this.codec.mint({ tool, args, what: await questionDigest(question), nonce }, ctx);
  }

  /**
   * Marks a challenge answered; false when this process already saw an answer to it (a replay).
   * Kept until the challenge expires, after which the codec refuses it anyway.
   */
  spend(nonce: string): boolean {
    const now = Date.now();
    for (const [seen, until] of this.#answered) if (until < now) this.#answered.delete(seen);
    if (this.#answered.has(nonce)) return false;
    // A minute of slack over the codec's expiry covers clock rounding (it counts whole seconds).
    this.#answered.set(nonce, now + this.#ttlMs + 60_000);
    return true;
  }
}
