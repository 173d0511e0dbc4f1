import type { CallToolResult } from "./mcp.ts";

/** Tool calls one process runs at once by default; more are answered "busy" instead of queued. */
export const DEFAULT_MAX_CONCURRENT_CALLS = 32;

/** A per-process bound on concurrent tool calls that refuses, never queues. */
export class CallLimit {
  #running = 0;

  /** A limit of `max` calls at once. */
  constructor(readonly max = DEFAULT_MAX_CONCURRENT_CALLS) {}

  /** Calls now running. */
  get running(): number {
    return this.#running;
  }

  /** Runs `call` if a slot is free; otherwise answers a Busy error result at once. */
  async run<T>(call: () => Promise<T>): Promise<T | CallToolResult> {
    if (this.#running >= this.max) {
      return {
        isError: true,
        content: [{
          type: "text",
          text:
            `Busy: this server is already running ${this.max} tool calls — retry in a few seconds`,
        }],
      };
    }
    this.#running++;
    try {
      return await call();
    } finally {
      this.#running--;
    }
  }
}
