/**
 * `deno task docs`: regenerates the README's tool table and read-only IAM policy from the tool
 * definitions. tests/docs_test.ts fails when the README has drifted from them.
 */
import { OPTIONS } from "../server/cli.ts";
import { policyFor } from "../server/policy.ts";
import { registerTool } from "../server/registry.ts";
import { allTools } from "../tools/mod.ts";
import type { ToolDefinition } from "../tools/tool.ts";

const README = new URL("../README.md", import.meta.url);

function firstSentence(text: string): string {
  const end = text.search(/\.(\s|$)/);
  return (end === -1 ? text : text.slice(0, end)).replaceAll("|", "\\|");
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

const SECTIONS: Record<string, () => string> = {
  flags: flagTable,
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
export async function formatMarkdown(text: string): Promise<string> {
  const child = new Deno.Command("deno", {
    args: ["fmt", "--ext", "md", "-"],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(text));
  await writer.close();
  const out = await child.output();
  if (!out.success) throw new Error("deno fmt failed on README.md");
  return new TextDecoder().decode(out.stdout);
}

/** The README as `deno task docs` would write it. */
export async function generatedReadme(current: string): Promise<string> {
  return await formatMarkdown(renderReadme(current));
}

const CATALOGUE = new URL("../server/catalogue.json", import.meta.url);

/** Every tool's MCP listing as the server registers it by default, computed fresh. */
export function catalogue(tools: readonly ToolDefinition[] = allTools): string {
  const listings = Object.fromEntries(
    tools.map((t) => [t.name, registerTool(t, { fresh: true }).listing()]),
  );
  return JSON.stringify(listings, null, 1) + "\n";
}

if (import.meta.main) {
  const cached = await Deno.readTextFile(CATALOGUE).catch(() => "");
  const fresh = catalogue();
  if (cached !== fresh) {
    await Deno.writeTextFile(CATALOGUE, fresh);
    console.log("server/catalogue.json regenerated");
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
