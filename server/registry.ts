import type { CallToolResult, Tool } from "./mcp.ts";
import { z } from "zod";
import type { AwsProvider } from "../aws/clients.ts";
import { formatError, mapError, type MappedError, ToolError } from "../aws/errors.ts";
import { regionSchema } from "../schemas/region.ts";
import type { Access, ToolDefinition } from "../tools/tool.ts";
import type { Config } from "./config.ts";

/** The flag a mode needs, by access level. */
export const FLAG_FOR: Record<Access, string | undefined> = {
  read: undefined,
  write: "--allow-write",
  destructive: "--allow-destructive",
};

/** Whether the configured mode lets a tool of this access level be registered. */
export function modeAllows(config: Config, access: Access): boolean {
  if (access === "read") return true;
  if (access === "write") return config.allowWrite || config.allowDestructive;
  return config.allowDestructive;
}

/** The tools to register: allowed by the mode, in the chosen toolsets and tools; aws_whoami always. */
export function selectTools(
  inventory: readonly ToolDefinition[],
  config: Config,
): ToolDefinition[] {
  return inventory.filter((tool) =>
    tool.name === "aws_whoami" || (
      modeAllows(config, tool.access) &&
      (!config.toolsets || config.toolsets.includes(tool.toolset)) &&
      (!config.tools || config.tools.includes(tool.name))
    )
  );
}

/** A tool ready to serve: its definition plus the schemas the server validates with. */
export interface RegisteredTool {
  definition: ToolDefinition;
  /** The tool's input plus `region`, rejecting unknown keys. */
  input: z.ZodObject;
  /** The tool's output plus `account` and `region`. */
  output: z.ZodObject;
  /** The MCP listing, computed on first use. */
  listing(): Tool;
}

// Keywords the server enforces itself (zod, with errors naming the field) and that cost the model
// tokens on every turn without helping it choose arguments.
const LEAN_DROPS = new Set([
  "pattern",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "propertyNames",
]);

function lean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lean);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node).filter(([k]) => !LEAN_DROPS.has(k)).map(([k, v]) => [k, lean(v)]),
  );
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Tool["inputSchema"] {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return (io === "input" ? lean(rest) : rest) as Tool["inputSchema"];
}

/** Wraps a definition with the shared `region` input and the account/region envelope. */
export function registerTool(definition: ToolDefinition): RegisteredTool {
  const input = definition.input.extend({
    region: regionSchema.optional(),
  }).strict();
  const output = z.object({ account: z.string(), region: z.string() }).extend(
    definition.output.shape,
  );
  let listing: Tool | undefined;
  return {
    definition,
    input,
    output,
    listing: () =>
      listing ??= {
        name: definition.name,
        title: definition.title,
        description: definition.description,
        inputSchema: jsonSchema(input, "input"),
        outputSchema: jsonSchema(output, "output"),
        annotations: {
          title: definition.title,
          readOnlyHint: definition.access === "read",
          destructiveHint: definition.access === "destructive",
          idempotentHint: definition.idempotent,
          openWorldHint: true,
        },
      },
  };
}

/** Names each failing field and what it expects, in one line. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".") || "arguments";
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : "";
  return lines.join("; ") + more;
}

/** An `isError` result that the model reads as `CODE: message — hint`. */
export function errorResult(error: MappedError): CallToolResult {
  return { isError: true, content: [{ type: "text", text: formatError(error) }] };
}

/** What a call needs from the server around it. */
export interface CallDeps {
  aws: AwsProvider;
  signal: AbortSignal;
  revealSecrets: boolean;
}

/**
 * Runs one call: validates the input, resolves the region, runs the handler next to the
 * (cached) account lookup, validates the output and shapes the MCP result. Never throws.
 */
export async function callTool(
  tool: RegisteredTool,
  args: unknown,
  deps: CallDeps,
): Promise<CallToolResult> {
  const { definition } = tool;
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    return errorResult({
      code: "InvalidInput",
      message: describeIssues(parsed.error),
      hint: `fix the arguments to match ${definition.name}'s input schema and retry`,
    });
  }
  const { region: regionArg, ...input } = parsed.data as { region?: string };
  let region = regionArg ?? "(none)";
  try {
    region = regionArg ?? await deps.aws.defaultRegion();
    const scope = deps.aws.scope(region, deps.signal);
    const account = scope.identity().then((id) => id.account, () => "unknown");
    const data = await definition.handler(input, {
      region,
      aws: scope,
      profile: deps.aws.profile,
      signal: deps.signal,
      revealSecrets: deps.revealSecrets,
    });
    const result = tool.output.safeParse({ account: await account, region, ...data });
    if (!result.success) {
      throw new ToolError(
        "InternalError",
        `${definition.name} produced output that does not match its schema: ${
          describeIssues(result.error)
        }`,
        "report this as a bug; try a narrower query meanwhile",
      );
    }
    return {
      content: [{ type: "text", text: JSON.stringify(result.data) }],
      structuredContent: result.data,
    };
  } catch (err) {
    const mapped = mapError(err, { iam: definition.iam, region, profile: deps.aws.profile });
    if (mapped.code === "InternalError") console.error(`${definition.name}:`, err);
    return errorResult(mapped);
  }
}
