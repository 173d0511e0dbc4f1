/** aws-mcp: flags -> Config -> createServer -> stdio. */
import { StdioServerTransport } from "./server/mcp.ts";
import { parseCli } from "./server/cli.ts";
import { createServer } from "./server/server.ts";
import { allTools } from "./tools/mod.ts";

if (import.meta.main) {
  const outcome = parseCli(Deno.args, Deno.env.toObject(), allTools);
  if (outcome.action === "exit") {
    if (outcome.stdout) console.log(outcome.stdout);
    if (outcome.stderr) console.error(outcome.stderr);
    Deno.exit(outcome.code);
  }
  const server = createServer(outcome.config);
  await server.connect(new StdioServerTransport());
}
