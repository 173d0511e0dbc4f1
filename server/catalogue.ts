/**
 * The inventory as the server sees it before any tool module loads: server/catalogue.json,
 * server/listings.json and server/tool_modules.ts, which `deno task docs` generates from
 * tools/mod.ts (toolsets, and per tool its metadata, MCP listing and module). The catalogue is a
 * small JSON parse at start; the listings (~200 KB, ~3 ms to parse) load with the first
 * tools/list; a tool's module loads on its first call.
 */
import type { ToolDefinition, ToolMeta, Toolset } from "../tools/tool.ts";
import catalogue from "./catalogue.json" with { type: "json" };
import type { Tool } from "./mcp.ts";
import { TOOL_MODULES } from "./tool_modules.ts";

/** One tool's line in server/catalogue.json. */
export interface CatalogueTool {
  toolset: string;
  access: ToolMeta["access"];
  iam: string[];
  title: string;
  /** Path under tools/ of the module that exports the definition, and the export's name. */
  module: string;
  export: string;
}

/** The shape of server/catalogue.json. */
export interface Catalogue {
  toolsets: Toolset[];
  tools: Record<string, CatalogueTool>;
}

/** The generated catalogue. */
export const CATALOGUE = catalogue as unknown as Catalogue;

/** Every toolset, from the catalogue. */
export const TOOLSETS: readonly Toolset[] = CATALOGUE.toolsets;

/** A tool the server can list now and load when called. */
export interface ToolEntry extends ToolMeta {
  /**
   * Its listing from server/listings.json for the default options (no roles), or undefined when
   * it must be computed from the definition (a tool the catalogue does not know).
   */
  listing: (() => Promise<Tool>) | undefined;
  load(): Promise<ToolDefinition>;
}

let listings: Promise<Record<string, Tool>> | undefined;

/** The catalogue's listing of a tool, when the catalogue knows its name. */
function listingOf(name: string): (() => Promise<Tool>) | undefined {
  if (!Object.hasOwn(CATALOGUE.tools, name)) return undefined;
  return async () => {
    listings ??= import("./listings.json", { with: { type: "json" } })
      .then((m) => m.default as unknown as Record<string, Tool>);
    const listing = (await listings)[name];
    if (!listing) throw new Error(`server/listings.json is stale for ${name}: run deno task docs`);
    return listing;
  };
}

/** Modules under tools/ imported so far by lazy entries (tests observe laziness through it). */
export const loadedModules: Set<string> = new Set();

/** Every tool of the catalogue, each loading its module on the first `load()`. */
export function catalogueEntries(): ToolEntry[] {
  return Object.entries(CATALOGUE.tools).map(([name, t]) => {
    let loading: Promise<ToolDefinition> | undefined;
    return {
      name,
      toolset: t.toolset,
      title: t.title,
      access: t.access,
      iam: t.iam,
      listing: listingOf(name),
      load: () =>
        loading ??= (async () => {
          const module = await TOOL_MODULES[t.module]?.();
          if (module) loadedModules.add(t.module);
          const definition = module?.[t.export] as ToolDefinition | undefined;
          if (definition?.name !== name) {
            throw new Error(`server/catalogue.json is stale for ${name}: run deno task docs`);
          }
          return definition;
        })(),
    };
  });
}

/** Entries for definitions already in memory (tests and embedders passing an inventory). */
export function entriesOf(inventory: readonly ToolDefinition[]): ToolEntry[] {
  return inventory.map((definition) => ({
    name: definition.name,
    toolset: definition.toolset,
    title: definition.title,
    access: definition.access,
    iam: definition.iam,
    listing: listingOf(definition.name),
    load: () => Promise.resolve(definition),
  }));
}
