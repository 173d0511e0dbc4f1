/**
 * Model-facing tokens of MCP tool listings (name + description + input schema; clients do not send
 * output schemas to the model). The tokenizer is loaded from a variable so neither deno.json nor
 * deno.lock names it (`deno task start` installs every package they name): run with --no-lock.
 * As a program: reads a JSON array of listings on stdin, prints their counts as a JSON array.
 */
import type { Tool } from "../server/mcp.ts";

const TOKENIZER = "npm:@anthropic-ai/tokenizer@0.0.4";

type Tokenizer = { encode(text: string, special: "all"): { length: number } };

/** A counter of one listing's tokens (one tokenizer for every count: building one is slow). */
export async function tokenCounter(): Promise<(tool: Tool) => number> {
  const { getTokenizer } = await import(TOKENIZER) as { getTokenizer: () => Tokenizer };
  const tokenizer = getTokenizer();
  return (tool) =>
    tokenizer.encode(
      `${tool.name}\n${tool.description ?? ""}\n${JSON.stringify(tool.inputSchema)}`
        .normalize("NFKC"),
      "all",
    ).length;
}

if (import.meta.main) {
  const tools = JSON.parse(await new Response(Deno.stdin.readable).text()) as Tool[];
  const count = await tokenCounter();
  console.log(JSON.stringify(tools.map(count)));
}
