/**
 * Which tools a configuration registers or lets the agent enable, and their listings as sent: what
 * the server needs before initialize, without zod (server/registry.ts wraps a tool for its first
 * call).
 */
import type { Access, ToolMeta } from "../tools/tool.ts";
import type { Config } from "./config.ts";
import type { Tool } from "./mcp.ts";

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

/** The tools registered at start: allowed by the mode, in the chosen toolsets and tools; aws_whoami always. */
export function selectTools<T extends ToolMeta>(inventory: readonly T[], config: Config): T[] {
  return inventory.filter((tool) =>
    tool.name === "aws_whoami" || (
      enableable(tool, config) && (!config.toolsets || config.toolsets.includes(tool.toolset))
    )
  );
}

/**
 * Whether the agent may have this tool at all (registered at start or enabled later): the mode,
 * the operator's --toolsets allowlist and --tools allow it.
 */
export function enableable(tool: ToolMeta, config: Config): boolean {
  return modeAllows(config, tool.access) &&
    (!config.allowedToolsets || config.allowedToolsets.includes(tool.toolset)) &&
    (!config.tools || config.tools.includes(tool.name));
}

/** Every tool the server may register or enable later (what `aws-mcp policy` covers). */
export function reachableTools<T extends ToolMeta>(inventory: readonly T[], config: Config): T[] {
  if (!config.dynamicToolsets) return selectTools(inventory, config);
  return inventory.filter((tool) => tool.name === "aws_whoami" || enableable(tool, config));
}

/** The `role_arn` input, added to every tool when the operator configures roles. */
const ROLE_ARN = { type: "string" };

/**
 * A listing as the server sends it: from server/listings.json, computed ahead of time by
 * `deno task docs` (zod's JSON Schema conversion of ~80 tools costs tens of milliseconds, which
 * the first tools/list would otherwise pay; a test checks the file against fresh listings), with
 * `role_arn` added (before `dry_run`, as registerTool orders it) when roles are configured.
 */
export function cachedListing(cached: Tool, roles: boolean | undefined): Tool {
  if (!roles) return cached;
  const { dry_run, ...properties } = cached.inputSchema.properties ?? {};
  return {
    ...cached,
    inputSchema: {
      ...cached.inputSchema,
      properties: { ...properties, role_arn: ROLE_ARN, ...(dry_run ? { dry_run } : {}) },
    },
  };
}
