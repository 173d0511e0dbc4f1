import {
  type CallToolRequest,
  CallToolRequestSchema,
  ElicitResultSchema,
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
import { AuditLog } from "./audit.ts";
import { callTool, type ConfirmOutcome } from "./call.ts";
import { CallLimit } from "./call_limit.ts";
import { registerTool, selectTools } from "./registry.ts";
import { USER_AGENT, VERSION } from "./version.ts";

/** What tests (or embedders) may replace. */
export interface ServerOptions {
  /** AWS access; defaults to real SDK clients for the configured profile and region. */
  aws?: AwsProvider;
  /** The tool inventory; defaults to every toolset. */
  inventory?: readonly ToolDefinition[];
  /** Poll interval and bound of `wait: true`, in milliseconds (tests shorten them). */
  waitIntervalMs?: number;
  waitTimeoutMs?: number;
  /** Tool calls run at once by this process; more are answered "busy" (default 32). */
  maxConcurrentCalls?: number;
  /** The audit log opened at start (main.ts); otherwise opened on the first mutating call. */
  audit?: AuditLog | undefined;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const CONFIRM_SCHEMA = {
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

/** The few lines a client shows the model at initialize. */
export function instructions(config: Config, toolCount: number): string {
  const region = config.region ?? "AWS_REGION or the profile's region";
  return [
    `aws-mcp ${VERSION}: typed, bounded access to one AWS account (${toolCount} tools).`,
    `Mode: ${modeName(config)}${
      config.allowWrite || config.allowDestructive
        ? ""
        : "; tools that change resources are not registered"
    }.`,
    ...(config.allowWrite || config.allowDestructive
      ? [
        "Mutating tools take dry_run: AWS checks permissions and parameters, nothing changes. Destructive ones ask the user to confirm.",
      ]
      : []),
    ...(config.regions ? [`Only these regions may be used: ${config.regions.join(", ")}.`] : []),
    ...(config.requireTag
      ? [
        `Only resources tagged ${config.requireTag.key}=${config.requireTag.value} may be changed; new ones get that tag.`,
      ]
      : []),
    `Every tool takes an optional region (default: ${region}); results name the account and region. List tools also take regions (codes, or ["all"] for every enabled one: each region is named once above its rows), fields (the columns to return; the key column always) and group_by (columns, or region: instead of rows, one group per combination with count and the sum of each numeric column, over all matching rows; an array column counts a row in each of its values). Id lists answer the ids that exist and list the others in not_found.`,
    "List tools return max_results rows (default 25, max 200) and a next_token when more exist: pass it back with the same filters.",
    "Errors read `CODE: message — hint`; follow the hint. Call aws_whoami to see who and where you are.",
  ].join("\n");
}

/** Builds the MCP server for a configuration; connect it to any transport. */
export function createServer(config: Config, options: ServerOptions = {}): Server {
  return serverFactory(config, options)();
}

/**
 * Returns a function that makes MCP servers sharing one tool registry, one set of AWS clients
 * and one audit log: stateless HTTP makes a server per request, so everything costly is here.
 */
export function serverFactory(config: Config, options: ServerOptions = {}): () => Server {
  const roles = config.roles.length > 0;
  const tools = selectTools(options.inventory ?? allTools, config).map((t) =>
    registerTool(t, { roles })
  );
  const byName = new Map(tools.map((tool) => [tool.definition.name, tool]));
  const aws = options.aws ??
    new AwsClients({
      profile: config.profile,
      region: config.region,
      userAgent: USER_AGENT,
      roleSessionName: config.roleSessionName,
      roleExternalId: config.roleExternalId,
      caCerts: config.caCerts,
    });
  const audit = options.audit ?? (config.auditLog ? new AuditLog(config.auditLog) : undefined);
  const text = instructions(config, tools.length);
  const limit = new CallLimit(options.maxConcurrentCalls);
  return () =>
    buildServer({ config, options, tools, byName, aws, audit, limit, instructions: text });
}

interface Shared {
  config: Config;
  options: ServerOptions;
  tools: ReturnType<typeof registerTool>[];
  byName: Map<string, ReturnType<typeof registerTool>>;
  aws: AwsProvider;
  audit: AuditLog | undefined;
  limit: CallLimit;
  instructions: string;
}

function buildServer(
  { config, options, tools, byName, aws, audit, limit, instructions }: Shared,
): Server {
  const server = new Server(
    { name: "aws-mcp", title: "AWS MCP", version: VERSION },
    { capabilities: { tools: {} }, instructions },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => tool.listing()),
  }));

  /** Asks the human through elicitation, tied to the tool call it belongs to. */
  const confirm = async (extra: Extra, message: string): Promise<ConfirmOutcome> => {
    const capabilities = server.getClientCapabilities();
    if (capabilities && !capabilities.elicitation) return "unsupported";
    // Stateless HTTP serves each request with a fresh server that never saw initialize, so the
    // client's capabilities are unknown: ask anyway; a client without elicitation says so.
    try {
      const answer = await extra.sendRequest(
        { method: "elicitation/create", params: { message, requestedSchema: CONFIRM_SCHEMA } },
        ElicitResultSchema,
        { signal: extra.signal, timeout: capabilities ? 600_000 : 120_000 },
      );
      if (answer.action === "accept") {
        return answer.content?.confirm === true ? "accepted" : "declined";
      }
      return answer.action === "decline" ? "declined" : "cancelled";
    } catch (err) {
      if (!capabilities && (err as { code?: number }).code === ErrorCode.MethodNotFound) {
        return "unsupported";
      }
      return "cancelled"; // no answer is no consent
    }
  };

  server.setRequestHandler(CallToolRequestSchema, (request: CallToolRequest, extra: Extra) => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool: ${request.params.name}; this server has ${[...byName.keys()].join(", ")}`,
      );
    }
    const progressToken = request.params._meta?.progressToken;
    return limit.run(() =>
      callTool(tool, request.params.arguments, {
        aws,
        config,
        signal: extra.signal,
        audit,
        confirm: (message) => confirm(extra, message),
        progress: (progress, total, message) => {
          if (progressToken === undefined) return;
          extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken, progress, ...(total ? { total } : {}), message },
          }).catch(() => {});
        },
        ...(options.waitIntervalMs ? { waitIntervalMs: options.waitIntervalMs } : {}),
        ...(options.waitTimeoutMs ? { waitTimeoutMs: options.waitTimeoutMs } : {}),
      })
    );
  });
  return server;
}
