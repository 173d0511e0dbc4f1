import { sanitize } from "../schemas/sanitize.ts";
import type { InputRequiredResult } from "./mcp.ts";

/**
 * How a confirmation ended: the human's answer; `unsupported` when the client cannot ask (the
 * call is refused); `waived` when it cannot and the operator started with --waive-confirmation.
 */
export type ConfirmOutcome = "accepted" | "declined" | "cancelled" | "unsupported" | "waived";

/** The operator flag that lets calls proceed when the human cannot be asked. */
export const WAIVER_FLAG = "--waive-confirmation";

/** What the confirm step needs from the MCP session it runs in. */
export interface Asker {
  /** The client's declared capabilities; undefined when unknown (stateless HTTP). */
  elicitation: boolean | undefined;
  /** Sends `elicitation/create` with a yes/no form; resolves the client's answer or rejects. */
  elicit(
    message: string,
  ): Promise<{ action: string; content?: Record<string, unknown> | undefined }>;
}

// Long enough for 50 targets with names; a client shows this in a dialog.
const MAX_MESSAGE = 4_000;

/** The question as the human sees it: sanitised (resource text was quoted by the tool) and bounded. */
export function questionLine(message: string): string {
  const line = sanitize(message);
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** The yes/no form every confirmation asks with. */
export const CONFIRM_SCHEMA = {
  type: "object" as const,
  properties: {
    confirm: {
      type: "boolean" as const,
      title: "Proceed",
      description: "Yes to go ahead; no to change nothing",
    },
  },
  required: ["confirm"],
};

/**
 * Thrown by the confirm step when the call must end with `input_required` (MCP 2026-07-28): the
 * question goes back to the client, which retries with the answer. Nothing was done before it.
 */
export class InputNeeded extends Error {
  constructor(readonly result: InputRequiredResult) {
    super("input required");
  }
}

/**
 * The one place the human is asked. Fails closed: a client that cannot ask is `unsupported`
 * (or `waived`), and any other failure to get a yes — including an HTTP client answering "method
 * not found" — is `cancelled` (or `waived` for that client when the operator waived confirmation).
 */
export async function askHuman(
  asker: Asker,
  message: string,
  waive: boolean,
): Promise<ConfirmOutcome> {
  if (asker.elicitation === false) return waive ? "waived" : "unsupported";
  try {
    // Resource-controlled text was quoted by the tool; this is the last line of defence.
    const answer = await asker.elicit(questionLine(message));
    if (answer.action === "accept") {
      return answer.content?.confirm === true ? "accepted" : "declined";
    }
    return answer.action === "decline" ? "declined" : "cancelled";
  } catch (err) {
    // Stateless HTTP cannot know the client's capabilities before asking: "method not found" is
    // how it learns the client cannot ask, which counts as no consent unless waived.
    const methodNotFound = (err as { code?: number }).code === -32601; // JSON-RPC's code
    if (asker.elicitation === undefined && methodNotFound && waive) return "waived";
    return "cancelled";
  }
}
