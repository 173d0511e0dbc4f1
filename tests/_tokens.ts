import { getTokenizer } from "@anthropic-ai/tokenizer";
import type { Tool } from "../server/mcp.ts";

// countTokens builds a tokenizer per call (~100 ms); one serves every count.
let tokenizer: ReturnType<typeof getTokenizer> | undefined;

/** Tokens of a text, as @anthropic-ai/tokenizer's countTokens counts them. */
export function countTokens(text: string): number {
  tokenizer ??= getTokenizer();
  return tokenizer.encode(text.normalize("NFKC"), "all").length;
}

/** Model-facing tokens of a listing: name, description and input schema (not the output schema). */
export function tokens(tool: Tool): number {
  return countTokens(
    `${tool.name}\n${tool.description ?? ""}\n${JSON.stringify(tool.inputSchema)}`,
  );
}
