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
  const { config } = outcome;
  // Deno grants writes per path; say so at start rather than on the first mutation.
  const writable = (path: string) =>
    Deno.permissions.querySync({ name: "write", path }).state === "granted";
  if (config.auditLog && !writable(config.auditLog)) {
    console.error(
      `aws-mcp: --audit-log ${config.auditLog}: no write permission; put it under ~/.local/state/aws-mcp or run deno with --allow-write=${config.auditLog}`,
    );
    Deno.exit(2);
  }
  if ((config.allowWrite || config.allowDestructive) && !writable(config.keysDir)) {
    console.error(
      `aws-mcp: warning: --keys-dir ${config.keysDir} is not writable; ec2_create_keypair will fail`,
    );
  }
  const server = createServer(config);
  await server.connect(new StdioServerTransport());
}
