import {
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  inputRequired,
  inputResponse,
  type McpRequestContext,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
  type Tool,
} from "./mcp.ts";
import { AwsClients, type AwsProvider } from "../aws/clients.ts";
import { mapError, ToolError } from "../aws/errors.ts";
import type { ToolDefinition } from "../tools/tool.ts";
import { type Config, modeName } from "./config.ts";
import { AuditLog } from "./audit.ts";
import { CallLimit } from "./call_limit.ts";
import {
  canonical,
  type Challenge,
  Challenges,
  questionDigest,
  randomKey,
  sha256,
} from "./challenge.ts";
import {
  askHuman,
  CONFIRM_SCHEMA,
  type ConfirmOutcome,
  InputNeeded,
  questionLine,
} from "./confirm.ts";
import { catalogueEntries, entriesOf, type ToolEntry, TOOLSETS } from "./catalogue.ts";
import type { RegisteredTool } from "./registry.ts";
import { cachedListing, enableable, FLAG_FOR, modeAllows, selectTools } from "./selection.ts";
import {
  type Discovery,
  DISCOVERY_TOOLS,
  ENABLE_TOOLSETS,
  enableToolsets,
  LIST_TOOLSETS,
  listToolsets,
  toolsetsLine,
} from "./toolsets.ts";
import { USER_AGENT, VERSION } from "./version.ts";

/** What tests (or embedders) may replace. */
export interface ServerOptions {
  /** AWS access; defaults to real SDK clients for the configured profile and region. */
  aws?: AwsProvider;
  /** The tool inventory, loaded; defaults to server/catalogue.json, each module loading on first call. */
  inventory?: readonly ToolDefinition[];
  /** Poll interval and bound of `wait: true`, in milliseconds (tests shorten them). */
  waitIntervalMs?: number;
  waitTimeoutMs?: number;
  /** Tool calls run at once by this process; more are answered "busy" (default 32). */
  maxConcurrentCalls?: number;
  /** The audit log opened at start (main.ts); otherwise opened on the first mutating call. */
  audit?: AuditLog | undefined;
  /**
   * The key sealing confirmation challenges (--confirm-key-file); every replica behind one load
   * balancer needs the same. Random per process when absent.
   */
  confirmKey?: Uint8Array | undefined;
}

/** The few lines a client shows the model at initialize; `toolsets` says which are on and how to get others. */
export function instructions(config: Config, toolCount: number, toolsets = ""): string {
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
    'List tools return max_results rows (default 25, max 200) and a next_token when more exist: pass it back with the same filters. Their tags filter is {key: value}, all must match, value "*" = any.',
    ...(config.roles.length
      ? [
        `Tools take role_arn to act as one of these roles (ARN or alias): ${
          config.roles.map((r) => r.alias ?? r.arn).join(", ")
        }.`,
      ]
      : []),
    ...(toolsets ? [toolsets] : []),
    "Errors read `CODE: message — hint`; follow the hint. Call aws_whoami to see who and where you are.",
  ].join("\n");
}

/** Builds a 2025-era MCP server for a configuration; connect it to any transport. */
export function createServer(config: Config, options: ServerOptions = {}): Server {
  return serverFactory(config, options)({ era: "legacy" });
}

/** Makes one MCP server for one serving unit (a connection, or one HTTP request) of an era. */
export type ServerFactory = (context: Pick<McpRequestContext, "era">) => Server;

/**
 * Returns a function that makes MCP servers sharing one tool registry, one set of AWS clients,
 * one audit log and one confirmation key: stateless HTTP makes a server per request, so
 * everything costly is here. The SDK's serving entries call it with the era each serves.
 */
export function serverFactory(config: Config, options: ServerOptions = {}): ServerFactory {
  const roles = config.roles.length > 0;
  const inventory = options.inventory ? entriesOf(options.inventory) : catalogueEntries();
  const known = new Set(TOOLSETS.map((t) => t.name));
  const toolsets = [
    ...TOOLSETS,
    // An embedder's inventory may bring toolsets the catalogue does not know.
    ...[...new Set(inventory.map((t) => t.toolset))].filter((n) => !known.has(n)).map((name) => ({
      name,
      description: name,
      default: false,
    })),
  ];
  const atStart = selectTools(inventory, config);
  const reachable = config.dynamicToolsets
    ? inventory.filter((t) => atStart.includes(t) || enableable(t, config))
    : atStart;
  const byName = new Map(inventory.map((entry) => [entry.name, entry]));
  // Loaded and wrapped once per process, on a tool's first call; shared by every session.
  const loaded = new Map<string, Promise<RegisteredTool>>();
  const load = (entry: ToolEntry) => {
    let tool = loaded.get(entry.name);
    if (!tool) {
      // registry.ts (zod's schemas for every tool) loads with the first call, not before initialize.
      tool = Promise.all([entry.load(), import("./registry.ts")])
        .then(([definition, { registerTool }]) => registerTool(definition, { roles }));
      tool.catch(() => loaded.delete(entry.name));
      loaded.set(entry.name, tool);
    }
    return tool;
  };
  const listing = async (entry: ToolEntry) =>
    entry.listing ? cachedListing(await entry.listing(), roles) : (await load(entry)).listing();
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
  const limit = new CallLimit(options.maxConcurrentCalls);
  const challenges = new Challenges(options.confirmKey ?? randomKey());
  const discovery = (visible: Set<string>): Discovery => ({
    config,
    toolsets,
    inventory,
    reachable,
    visible,
  });
  const startNames = atStart.map((t) => t.name);
  const text = instructions(
    config,
    atStart.length + (config.dynamicToolsets ? DISCOVERY_TOOLS.length : 0),
    toolsetsLine(discovery(new Set(startNames))),
  );
  return ({ era }) =>
    buildServer({
      era,
      challenges,
      config,
      options,
      byName,
      load,
      listing,
      // Each server is one session (stdio, or one HTTP request): enabling changes only its own.
      discovery: discovery(new Set(startNames)),
      aws,
      audit,
      limit,
      instructions: text,
    });
}

interface Shared {
  era: McpRequestContext["era"];
  challenges: Challenges;
  config: Config;
  options: ServerOptions;
  byName: Map<string, ToolEntry>;
  load(entry: ToolEntry): Promise<RegisteredTool>;
  listing(entry: ToolEntry): Promise<Tool>;
  discovery: Discovery;
  aws: AwsProvider;
  audit: AuditLog | undefined;
  limit: CallLimit;
  instructions: string;
}

function buildServer(
  {
    era,
    challenges,
    config,
    options,
    byName,
    load,
    listing,
    discovery,
    aws,
    audit,
    limit,
    instructions,
  }: Shared,
): Server {
  const dynamic = config.dynamicToolsets;
  // tools/list_changed is sent only where an enabling outlasts its call and the notification has
  // a way to the client: a 2025-era session over stdio. (2026-07-28 carries it on a
  // subscriptions/listen stream, which this server does not serve; HTTP is stateless.)
  const listChanged = dynamic && era === "legacy" && config.transport !== "http";
  const server = new Server(
    { name: "aws-mcp", title: "AWS MCP", version: VERSION },
    {
      capabilities: { tools: listChanged ? { listChanged: true } : {} },
      instructions,
      // Runs before every handler entry that carries state: forged, altered or expired
      // challenges are refused (-32602) before anything else happens.
      requestState: { verify: challenges.codec.verify },
    },
  );
  const visible = () => [...byName.values()].filter((t) => discovery.visible.has(t.name));
  /** What the agent (or the operator) can do to get a tool this session does not list. */
  const howToGet = (entry: ToolEntry | undefined) => {
    if (!entry) return `this server has ${visible().map((t) => t.name).join(", ")}`;
    if (!modeAllows(config, entry.access)) {
      return `it is ${entry.access}: the operator must start the server with ${
        FLAG_FOR[entry.access]
      }`;
    }
    if (dynamic && config.transport !== "http" && discovery.reachable.includes(entry)) {
      return `it is in toolset ${entry.toolset}: call ${ENABLE_TOOLSETS} with ["${entry.toolset}"] first`;
    }
    return `it is in toolset ${entry.toolset}: the operator must add it to --toolsets`;
  };
  server.setRequestHandler("tools/list", async () => ({
    tools: [
      ...(dynamic ? DISCOVERY_TOOLS : []),
      ...await Promise.all(visible().map(listing)),
    ],
  }));

  /** What the client said it can do: per request in 2026-07-28, from initialize before; undefined when unknown. */
  const clientCapabilities = (ctx: ServerContext): ClientCapabilities | undefined =>
    era === "modern"
      // The SDK's declaration of the envelope type lost its keys: read it as the record it is.
      ? ((ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[
        CLIENT_CAPABILITIES_META_KEY
      ] as ClientCapabilities | undefined) ?? {}
      : server.getClientCapabilities();

  /**
   * The one confirmation step, written in the 2026 style: the call answers `input_required` with
   * the question and a sealed challenge; the retry's answer counts only under a challenge issued
   * for this very call and question, once. On a 2025-era session the SDK's shim turns that into a
   * real `elicitation/create` and re-enters the call with the answer (the guards run again).
   * Stateless 2025-era HTTP never saw initialize, so the shim cannot ask there: that client is
   * asked directly, and server/http.ts routes its answer back to this server.
   */
  const confirm = async (
    ctx: ServerContext,
    call: { tool: string; args: string },
    message: string,
  ): Promise<ConfirmOutcome> => {
    const capabilities = clientCapabilities(ctx);
    if (capabilities === undefined) {
      return askHuman(
        {
          elicitation: undefined,
          elicit: (line) =>
            ctx.mcpReq.send(
              {
                method: "elicitation/create",
                params: { mode: "form", message: line, requestedSchema: CONFIRM_SCHEMA },
              },
              { signal: ctx.mcpReq.signal, timeout: 120_000 },
            ),
        },
        message,
        config.waiveConfirmation,
      );
    }
    if (!capabilities.elicitation) return config.waiveConfirmation ? "waived" : "unsupported";
    const question = questionLine(message);
    const challenge = ctx.mcpReq.requestState<Challenge>();
    const answer = inputResponse(ctx.mcpReq.inputResponses, "confirm");
    // An answer counts only under the challenge for this question; otherwise (first round, or
    // the targets changed since it was asked) the human is asked afresh.
    if (
      challenge && answer.kind === "elicit" && challenge.what === await questionDigest(question)
    ) {
      if (!challenges.spend(challenge.nonce)) {
        throw new ToolError(
          "ConfirmationReplayed",
          "refused: this confirmation was already used; nothing was changed",
          "call again without requestState to be asked afresh",
        );
      }
      if (answer.action === "accept") {
        return answer.content?.confirm === true ? "accepted" : "declined";
      }
      return answer.action === "decline" ? "declined" : "cancelled";
    }
    throw new InputNeeded(inputRequired({
      inputRequests: {
        confirm: inputRequired.elicit({
          mode: "form",
          message: question,
          requestedSchema: CONFIRM_SCHEMA,
        }),
      },
      requestState: await challenges.mint(ctx, call.tool, call.args, question),
    }));
  };

  server.setRequestHandler("tools/call", async (request, ctx) => {
    const { name } = request.params;
    if (dynamic && name === LIST_TOOLSETS) return listToolsets(discovery);
    if (dynamic && name === ENABLE_TOOLSETS) {
      const { result, added } = enableToolsets(discovery, request.params.arguments);
      if (added.length && listChanged) await server.sendToolListChanged().catch(() => {});
      return result;
    }
    const entry = byName.get(name);
    if (!entry || !discovery.visible.has(name)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool: ${name}; ${howToGet(entry)}`,
      );
    }
    // The call machinery (guards, paging, id schemas: ~4 ms to evaluate) loads with the first
    // call, not before initialize.
    const { callTool, errorResult } = await import("./call.ts");
    const call = { tool: name, args: await sha256(canonical(request.params.arguments ?? {})) };
    // A challenge answers only the call it was issued for: never another tool or other arguments.
    const challenge = ctx.mcpReq.requestState<Challenge>();
    if (challenge && (challenge.tool !== call.tool || challenge.args !== call.args)) {
      return errorResult({
        code: "ConfirmationMismatch",
        message: `refused: this confirmation was issued for another call; nothing was changed`,
        hint: "call again without requestState to be asked about this call",
      });
    }
    let tool: RegisteredTool;
    try {
      tool = await load(entry);
    } catch (err) {
      console.error(`${name}:`, err);
      return errorResult(mapError(err, { iam: [], region: "", profile: undefined }));
    }
    const progressToken = request.params._meta?.progressToken;
    // One challenge carries one question: a call that asked twice could never be answered (each
    // round would carry the other question's challenge), so a second question fails closed.
    let asked = false;
    const confirmOnce = (message: string) => {
      if (asked) {
        throw new ToolError(
          "InternalError",
          `${name} asked a second question in one call; nothing more was done`,
          "report this as a bug",
        );
      }
      asked = true;
      return confirm(ctx, call, message);
    };
    return limit.run(() =>
      callTool(tool, request.params.arguments, {
        aws,
        config,
        signal: ctx.mcpReq.signal,
        audit,
        confirm: confirmOnce,
        progress: (progress, total, message) => {
          if (progressToken === undefined) return;
          ctx.mcpReq.notify({
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
