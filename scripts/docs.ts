/**
 * `deno task docs`: regenerates the README's toolset, tool and flag tables and read-only IAM
 * policy, docs/tools.md (the tool reference), server/catalogue.json (toolsets, and per tool its
 * metadata, listing and module) and server/tool_modules.ts from tools/mod.ts.
 * tests/docs_test.ts fails when any of them has drifted.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Catalogue } from "../server/catalogue.ts";
import { OPTIONS } from "../server/cli.ts";
import { policyFor } from "../server/policy.ts";
import { registerTool } from "../server/registry.ts";
import { allTools, toolsets } from "../tools/mod.ts";
import type { ToolDefinition, Toolset } from "../tools/tool.ts";

const README = new URL("../README.md", import.meta.url);

// Abbreviations whose period does not end a sentence.
const ABBREVIATION = /\b(e\.g|i\.e|etc|vs|approx)$/i;

/** The description's first sentence: up to a period followed by the end or a capital letter. */
export function firstSentence(text: string): string {
  for (const match of text.matchAll(/\.(?=\s+[A-Z(`"]|\s*$)/g)) {
    const before = text.slice(0, match.index);
    if (!ABBREVIATION.test(before)) return escapeCell(before);
  }
  return escapeCell(text.replace(/\.$/, ""));
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The markdown table of every tool: name, access, what it does, IAM actions. */
export function toolTable(tools: readonly ToolDefinition[] = allTools): string {
  const rows = tools.map((t) =>
    `| \`${t.name}\` | ${t.access} | ${firstSentence(t.description)} | ${
      t.iam.map((a) => `\`${a}\``).join(", ")
    } |`
  );
  return ["| tool | access | what it does | IAM actions |", "|---|---|---|---|", ...rows].join(
    "\n",
  );
}

/** The markdown table of toolsets: name, default or not, what it covers, its tools. */
export function toolsetTable(
  sets: readonly Toolset[] = toolsets,
  tools: readonly ToolDefinition[] = allTools,
): string {
  const rows = sets.map((t) =>
    `| \`${t.name}\` | ${t.default ? "yes" : ""} | ${t.description} | ${
      tools.filter((tool) => tool.toolset === t.name).map((tool) => `\`${tool.name}\``).join(", ")
    } |`
  );
  return ["| toolset | default | what it covers | tools |", "|---|---|---|---|", ...rows].join(
    "\n",
  );
}

/** An IAM policy allowing exactly the actions of the read-only tools. */
export function readOnlyPolicy(tools: readonly ToolDefinition[] = allTools): string {
  const policy = policyFor(tools.filter((t) => t.access === "read"));
  return "```json\n" + JSON.stringify(policy, null, 2) + "\n```";
}

/** The table of flags and their AWS_MCP_* variables. */
export function flagTable(): string {
  const rows = Object.entries(OPTIONS).map(([name, o]) =>
    `| \`--${name}${o.type === "string" ? " VALUE" : ""}\` | ${
      o.env ? `\`${o.env}\`` : ""
    } | ${o.help} |`
  );
  return ["| flag | variable | meaning |", "|---|---|---|", ...rows].join("\n");
}

type JsonSchema = {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
};

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (schema.type === "array" && schema.items) return `${typeOf(schema.items)}[]`;
  return [schema.type ?? "object"].flat().join(" \\| ");
}

/** docs/tools.md: every tool by toolset, with its full description, inputs and IAM actions. */
export function toolReference(
  sets: readonly Toolset[] = toolsets,
  inventory: readonly ToolDefinition[] = allTools,
): string {
  const lines = [
    "# Tool reference",
    "",
    "Generated from the tool definitions by `deno task docs`; do not edit (tests/docs_test.ts fails",
    "when it drifts). Access: `read` tools are always registered, `write` ones with",
    "`--allow-write`, `destructive` ones with `--allow-destructive`.",
  ];
  for (const set of sets) {
    lines.push("", `## ${set.name}`, "", `${set.description}${set.default ? " (default)" : ""}.`);
    for (const tool of inventory.filter((t) => t.toolset === set.name)) {
      const listing = registerTool(tool).listing();
      const input = listing.inputSchema as JsonSchema;
      lines.push(
        "",
        `### \`${tool.name}\``,
        "",
        `${tool.title}. **${tool.access}**${tool.idempotent ? ", idempotent" : ""}. IAM: ${
          tool.iam.map((a) => `\`${a}\``).join(", ") || "none"
        }.`,
        "",
        tool.description,
        "",
        "| input | type | required | meaning |",
        "|---|---|---|---|",
        ...Object.entries(input.properties ?? {}).map(([field, schema]) =>
          `| \`${field}\` | ${typeOf(schema)} | ${input.required?.includes(field) ? "yes" : ""} | ${
            escapeCell(schema.description ?? "")
          } |`
        ),
      );
    }
  }
  return lines.join("\n") + "\n";
}

const SECTIONS: Record<string, () => string> = {
  flags: flagTable,
  toolsets: () => toolsetTable(),
  tools: () => toolTable(),
  iam: () => readOnlyPolicy(),
};

/** The README with every generated section replaced by its current content. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from === -1 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
    out = `${out.slice(0, from + start.length)}\n${render()}\n${out.slice(to)}`;
  }
  return out;
}

/** Formats markdown as `deno fmt` would, so the generated README stays fmt-clean. */
export async function formatMarkdown(text: string, ext = "md"): Promise<string> {
  const child = new Deno.Command("deno", {
    args: ["fmt", "--ext", ext, "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error(`deno fmt failed on generated ${ext}`);
  return new TextDecoder().decode(out.stdout);
}

/** The README as `deno task docs` would write it. */
export async function generatedReadme(current: string): Promise<string> {
  return await formatMarkdown(renderReadme(current));
}

const CATALOGUE = new URL("../server/catalogue.json", import.meta.url);
const LISTINGS = new URL("../server/listings.json", import.meta.url);
const REFERENCE = new URL("../docs/tools.md", import.meta.url);

/** docs/tools.md as `deno task docs` would write it. */
export async function generatedReference(): Promise<string> {
  return await formatMarkdown(toolReference());
}

const TOOLS_DIR = new URL("../tools/", import.meta.url);

/** Every module under tools/ that may export a tool (not tests, `_private.ts` or mod.ts files). */
async function toolModules(dir = TOOLS_DIR): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) found.push(...await toolModules(url));
    else if (
      entry.name.endsWith(".ts") && !entry.name.startsWith("_") &&
      !entry.name.endsWith("_test.ts") && entry.name !== "mod.ts"
    ) found.push(relative(fileURLToPath(TOOLS_DIR), fileURLToPath(url)).replaceAll("\\", "/"));
  }
  return found.sort();
}

/** Where each definition is exported: tool name → module path under tools/ and export name. */
async function modulesOf(tools: readonly ToolDefinition[]) {
  const where = new Map<string, { module: string; export: string }>();
  for (const module of await toolModules()) {
    const exports = await import(new URL(module, TOOLS_DIR).href);
    for (const [name, value] of Object.entries(exports)) {
      const tool = tools.find((t) => t === value);
      if (tool && !where.has(tool.name)) where.set(tool.name, { module, export: name });
    }
  }
  for (const tool of tools) {
    if (!where.has(tool.name)) throw new Error(`${tool.name}: no module under tools/ exports it`);
  }
  return where;
}

/** Its entries, a line each: readable diffs, and 40% fewer bytes than an indented file. */
function jsonLines(entries: [string, unknown][]): string {
  return entries.map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`)
    .join(",\n");
}

/**
 * server/catalogue.json: the toolsets, and per tool what the server needs at start (toolset,
 * access, title, IAM actions, module), fresh.
 */
export async function catalogue(
  tools: readonly ToolDefinition[] = allTools,
  sets: readonly Toolset[] = toolsets,
): Promise<string> {
  const where = await modulesOf(tools);
  const content: Catalogue = {
    toolsets: [...sets],
    tools: Object.fromEntries(tools.map((t) => [t.name, {
      toolset: t.toolset,
      access: t.access,
      title: t.title,
      iam: [...t.iam],
      ...where.get(t.name)!,
    }])),
  };
  return `{\n"toolsets": ${JSON.stringify(content.toolsets)},\n"tools": {\n${
    jsonLines(Object.entries(content.tools))
  }\n}\n}\n`;
}

/**
 * server/listings.json: each tool's MCP listing for the default options (no roles), fresh. Apart
 * from the catalogue because the server needs it only for tools/list, after initialize.
 */
export function listings(tools: readonly ToolDefinition[] = allTools): string {
  return `{\n${jsonLines(tools.map((t) => [t.name, registerTool(t).listing()]))}\n}\n`;
}

const TOOL_MODULES = new URL("../server/tool_modules.ts", import.meta.url);

/**
 * server/tool_modules.ts: an import function per tool module. Literal specifiers keep the modules
 * in the module graph (so `deno run` needs no read permission for them and `deno compile` embeds
 * them) while they load only when called.
 */
export async function toolModulesSource(tools: readonly ToolDefinition[] = allTools) {
  const modules = [...new Set([...(await modulesOf(tools)).values()].map((w) => w.module))].sort();
  return await formatMarkdown(
    [
      "// Generated by `deno task docs` from tools/mod.ts; do not edit.",
      "",
      "/** Each tool module by its path under tools/, imported on the first call of one of its tools. */",
      "export const TOOL_MODULES: Record<string, () => Promise<Record<string, unknown>>> = {",
      ...modules.map((m) => `  "${m}": () => import("../tools/${m}"),`),
      "};",
      "",
    ].join("\n"),
    "ts",
  );
}

async function regenerate(url: URL, fresh: string, name: string) {
  const cached = await Deno.readTextFile(url).catch(() => "");
  if (cached !== fresh) {
    await Deno.writeTextFile(url, fresh);
    console.log(`${name} regenerated`);
  }
}

if (import.meta.main) {
  await regenerate(CATALOGUE, await catalogue(), "server/catalogue.json");
  await regenerate(LISTINGS, listings(), "server/listings.json");
  await regenerate(TOOL_MODULES, await toolModulesSource(), "server/tool_modules.ts");
  const reference = await generatedReference();
  if (reference !== await Deno.readTextFile(REFERENCE).catch(() => "")) {
    await Deno.writeTextFile(REFERENCE, reference);
    console.log("docs/tools.md regenerated");
  }
  const current = await Deno.readTextFile(README);
  const next = await generatedReadme(current);
  if (next === current) {
    console.log("README.md is up to date");
  } else {
    await Deno.writeTextFile(README, next);
    console.log("README.md regenerated");
  }
}
