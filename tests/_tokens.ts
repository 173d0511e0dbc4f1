import type { Tool } from "../server/mcp.ts";

/**
 * Model-facing tokens of each listing, counted by scripts/tokens.ts in a `deno run --no-lock`
 * child: the tokenizer stays out of deno.json and deno.lock (see tests/deps_test.ts).
 */
export async function tokens(tools: readonly Tool[]): Promise<number[]> {
  const child = new Deno.Command("deno", {
    args: ["run", "--no-lock", "--allow-read", "--allow-env", "scripts/tokens.ts"],
    cwd: new URL("..", import.meta.url),
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(tools)));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error("scripts/tokens.ts failed");
  return JSON.parse(new TextDecoder().decode(out.stdout));
}
