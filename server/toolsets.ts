/**
 * Toolsets on demand: aws_list_toolsets and aws_enable_toolsets, the server's own tools. Enabling
 * adds tools for the rest of the session, never beyond what the operator allowed (mode,
 * --toolsets allowlist, --tools): the candidates are the tools `enableable` lets through.
 */
import { formatError, type MappedError } from "../aws/errors.ts";
import type { ToolMeta, Toolset } from "../tools/tool.ts";
import { type Config, modeName } from "./config.ts";
import type { CallToolResult, Tool } from "./mcp.ts";
import { FLAG_FOR, modeAllows } from "./selection.ts";

/** The discovery tools' names. */
export const LIST_TOOLSETS = "aws_list_toolsets";
export const ENABLE_TOOLSETS = "aws_enable_toolsets";

const session = { readOnlyHint: true, destructiveHint: false, idempotentHint: true };

/** The discovery tools' listings (they touch no AWS account: openWorldHint false). */
export const DISCOVERY_TOOLS: readonly Tool[] = [
  {
    name: LIST_TOOLSETS,
    title: "List toolsets",
    description:
      "This server's toolsets, a line each: enabled or not, tool count, what they cover.",
    inputSchema: { type: "object", properties: {} },
    annotations: { title: "List toolsets", ...session, openWorldHint: false },
  },
  {
    name: ENABLE_TOOLSETS,
    title: "Enable toolsets",
    description:
      "Adds toolsets' tools to this session, within the operator's mode; answers their names.",
    inputSchema: {
      type: "object",
      properties: { toolsets: { type: "array", items: { type: "string" } } },
      required: ["toolsets"],
    },
    annotations: { title: "Enable toolsets", ...session, openWorldHint: false },
  },
];

/** What the discovery tools see of one server (one session). */
export interface Discovery {
  config: Config;
  toolsets: readonly Toolset[];
  /** Every tool of the inventory. */
  inventory: readonly ToolMeta[];
  /** The tools the agent may have: registered at start or enableable. */
  reachable: readonly ToolMeta[];
  /** The names listed now; enabling adds to it. */
  visible: Set<string>;
}

function failure(error: MappedError): CallToolResult {
  return { isError: true, content: [{ type: "text", text: formatError(error) }] };
}

const stateless = (config: Config) => config.transport === "http";

/** The toolsets an agent may still enable, by name. */
function enableableToolsets(d: Discovery): string[] {
  return d.toolsets.map((t) => t.name).filter((name) =>
    d.reachable.some((t) => t.toolset === name && !d.visible.has(t.name))
  );
}

/** Toolsets whose tools are all listed, in catalogue order. */
export function enabledToolsets(d: Discovery): string[] {
  return d.toolsets.map((t) => t.name).filter((name) => {
    const tools = d.reachable.filter((t) => t.toolset === name);
    return tools.length > 0 && tools.every((t) => d.visible.has(t.name));
  });
}

/** One line of the instructions: which toolsets are on and how to get the others. */
export function toolsetsLine(d: Discovery): string {
  const on = `Enabled toolsets: ${enabledToolsets(d).join(", ")}.`;
  const others = enableableToolsets(d);
  if (!others.length) return on;
  if (!d.config.dynamicToolsets) return on;
  if (stateless(d.config)) {
    return `${on} Others (${
      others.join(", ")
    }) need the operator's --toolsets flag; ${LIST_TOOLSETS} describes them.`;
  }
  return `${on} ${LIST_TOOLSETS} describes ${others.length} more (${
    others.join(", ")
  }); ${ENABLE_TOOLSETS} adds them to this session.`;
}

/** aws_list_toolsets: a line per toolset. */
export function listToolsets(d: Discovery): CallToolResult {
  const lines = d.toolsets.map((toolset) => {
    const all = d.inventory.filter((t) => t.toolset === toolset.name);
    const mine = d.reachable.filter((t) => t.toolset === toolset.name);
    const state = mine.length === 0
      ? "unavailable"
      : mine.every((t) => d.visible.has(t.name))
      ? "enabled"
      : "off";
    const hidden = all.filter((t) => !modeAllows(d.config, t.access));
    const needs = hidden.length
      ? ` (+${hidden.length} need ${
        hidden.some((t) => t.access === "write") ? FLAG_FOR.write : FLAG_FOR.destructive
      })`
      : "";
    const outside = d.config.allowedToolsets && !d.config.allowedToolsets.includes(toolset.name)
      ? "; outside the operator's --toolsets"
      : "";
    return `${toolset.name}: ${state}, ${mine.length} tools${needs}${outside} — ${toolset.description}`;
  });
  const how = stateless(d.config)
    ? `Over stateless HTTP no session remembers an enabling: the operator sets the toolsets with --toolsets (AWS_MCP_TOOLSETS).`
    : `Enable with ${ENABLE_TOOLSETS}. Mode: ${modeName(d.config)}.`;
  return { content: [{ type: "text", text: [...lines, how].join("\n") }] };
}

/** aws_enable_toolsets: validates, then adds the toolsets' tools; `added` is what became visible. */
export function enableToolsets(
  d: Discovery,
  args: unknown,
): { result: CallToolResult; added: string[] } {
  const asked = (args as { toolsets?: unknown } | undefined)?.toolsets;
  const names = d.toolsets.map((t) => t.name);
  if (
    !Array.isArray(asked) || asked.length === 0 || !asked.every((n) => typeof n === "string")
  ) {
    return {
      result: failure({
        code: "InvalidInput",
        message: "toolsets: expected a non-empty list of toolset names",
        hint: `call ${LIST_TOOLSETS} for the names`,
      }),
      added: [],
    };
  }
  const unknown = asked.filter((n) => !names.includes(n));
  if (unknown.length) {
    return {
      result: failure({
        code: "InvalidInput",
        message: `toolsets: unknown ${unknown.map((n) => JSON.stringify(n)).join(", ")}`,
        hint: `use some of: ${names.join(", ")}`,
      }),
      added: [],
    };
  }
  const allowed = d.config.allowedToolsets;
  const outside = allowed ? asked.filter((n) => !allowed.includes(n)) : [];
  if (allowed && outside.length) {
    return {
      result: failure({
        code: "ToolsetNotAllowed",
        message: `the operator limited this server to --toolsets ${allowed.join(",")}`,
        hint: `${outside.join(", ")} cannot be enabled; ask the operator to add it to --toolsets`,
      }),
      added: [],
    };
  }
  if (stateless(d.config)) {
    const current = enabledToolsets(d);
    return {
      result: failure({
        code: "StatelessServer",
        message:
          "this server answers each HTTP request afresh, so an enabling could not outlast this call",
        hint: `ask the operator to start it with --toolsets ${
          [...new Set([...current, ...asked])].join(",")
        } (or AWS_MCP_TOOLSETS)`,
      }),
      added: [],
    };
  }
  const added = d.reachable.filter((t) => asked.includes(t.toolset) && !d.visible.has(t.name))
    .map((t) => t.name);
  const blocked = d.inventory.filter((t) =>
    asked.includes(t.toolset) && !modeAllows(d.config, t.access)
  );
  const needs = blocked.length
    ? ` Not in this ${modeName(d.config)} server: ${
      blocked.map((t) => `${t.name} (${FLAG_FOR[t.access]})`).join(", ")
    }.`
    : "";
  const nowVisible = d.reachable.filter((t) => asked.includes(t.toolset) && d.visible.has(t.name));
  if (!added.length && !nowVisible.length) {
    return {
      result: failure({
        code: "ModeRequired",
        message: `${asked.join(", ")}: no tool available in ${modeName(d.config)} mode`,
        hint: `the operator must start the server with ${
          blocked.some((t) => t.access === "write") ? FLAG_FOR.write : FLAG_FOR.destructive
        }`,
      }),
      added: [],
    };
  }
  for (const name of added) d.visible.add(name);
  const text = added.length
    ? `Enabled ${asked.join(", ")}. Now available: ${added.join(", ")}.${needs}`
    : `Already enabled: ${asked.join(", ")}.${needs}`;
  return {
    result: {
      content: [{ type: "text", text }],
      structuredContent: { enabled: asked, tools: added },
    },
    added,
  };
}
