/**
 * The floor `deno task bench` compares start-up with: a bare MCP SDK server with one tool on
 * stdio, loading the SDK exactly as the real server does (through server/mcp.ts) and nothing else.
 */
import {
  CallToolRequestSchema,
  ListToolsRequestSchema,
  Server,
  StdioServerTransport,
} from "../server/mcp.ts";

const server = new Server({ name: "floor", version: "0.0.0" }, { capabilities: { tools: {} } });
server.setRequestHandler(ListToolsRequestSchema, () => ({
  tools: [{ name: "echo", description: "Echo the text", inputSchema: { type: "object" } }],
}));
server.setRequestHandler(CallToolRequestSchema, (request) => ({
  content: [{ type: "text", text: JSON.stringify(request.params.arguments ?? {}) }],
}));
await server.connect(new StdioServerTransport());
