import {
  type CallToolRequest,
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type RequestHandlerExtra,
  Server,
  type ServerNotification,
  type ServerRequest,
} from "./mcp.ts";
import { AwsClients, type AwsProvider } from "../aws/clients.ts";
import { allTools } from "../tools/mod.ts";
import type { ToolDefinition } from "../tools/tool.ts";
import { type Config, modeName } from "./config.ts";
import { callTool, registerTool, selectTools } from "./registry.ts";
import { USER_AGENT, VERSION } from "./version.ts";

/** What tests (or embedders) may replace. */
export interface ServerOptions {
  /** AWS access; defaults to real SDK clients for the configured profile and region. */
  aws?: AwsProvider;
  /** The tool inventory; defaults to every toolset. */
  inventory?: readonly ToolDefinition[];
}

/** The few lines a client shows the model at initialize. */
export function instructions(config: Config, toolCount: number): string {
  const region = config.region ?? "AWS_REGION or the profile's region";
  return [
    `aws-mcp ${VERSION}: typed, bounded access to one AWS account (${toolCount} tools).`,
    `Mode: ${modeName(config)}${
      config.allowDestructive ? "" : "; tools that change resources are not registered"
    }.`,
    `Every tool takes an optional region (default: ${region}); results name the account and region.`,
    "List tools return max_results rows (default 25, max 200) and a next_token when more exist: pass it back with the same filters.",
    "Errors read `CODE: message — hint`; follow the hint. Call aws_whoami to see who and where you are.",
  ].join("\n");
}

/** Builds the MCP server for a configuration; connect it to any transport. */
export function createServer(config: Config, options: ServerOptions = {}): Server {
  const tools = selectTools(options.inventory ?? allTools, config).map(registerTool);
  const byName = new Map(tools.map((tool) => [tool.definition.name, tool]));
  const aws = options.aws ??
    new AwsClients({ profile: config.profile, region: config.region, userAgent: USER_AGENT });
  const server = new Server(
    { name: "aws-mcp", title: "AWS MCP", version: VERSION },
    { capabilities: { tools: {} }, instructions: instructions(config, tools.length) },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => tool.listing()),
  }));
  server.setRequestHandler(CallToolRequestSchema, (
    request: CallToolRequest,
    extra: RequestHandlerExtra<ServerRequest, ServerNotification>,
  ) => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool: ${request.params.name}; this server has ${[...byName.keys()].join(", ")}`,
      );
    }
    return callTool(tool, request.params.arguments, {
      aws,
      signal: extra.signal,
      revealSecrets: config.revealSecrets,
    });
  });
  return server;
}
