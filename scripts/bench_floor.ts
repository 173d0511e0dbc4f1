/**
 * The floor `deno task bench` compares start-up with: a bare MCP SDK (v2) server with one tool on
 * stdio, loading the SDK exactly as the real server does (through server/mcp.ts, the SDK's stdio
 * entry) and nothing else.
 */
import { Server, serveStdio } from "../server/mcp.ts";

serveStdio(() => {
  const server = new Server({ name: "floor", version: "0.0.0" }, { capabilities: { tools: {} } });
  server.setRequestHandler("tools/list", () => ({
    tools: [{ name: "echo", description: "Echo the text", inputSchema: { type: "object" } }],
  }));
  server.setRequestHandler("tools/call", (request) => ({
    content: [{ type: "text", text: JSON.stringify(request.params.arguments ?? {}) }],
  }));
  return server;
});
