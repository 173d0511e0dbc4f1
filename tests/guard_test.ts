import { equal, ok } from "node:assert/strict";
import { z } from "zod";
import { registerTool } from "../server/registry.ts";
import { DISCOVERY_TOOLS } from "../server/toolsets.ts";
import { allTools, toolsets } from "../tools/mod.ts";
import { tokens } from "./_tokens.ts";

const registered = allTools.map((t) => registerTool(t));

Deno.test("every tool name is snake_case, at most 48 characters and unique", () => {
  const names = allTools.map((t) => t.name);
  for (const name of names) {
    ok(/^[a-z][a-z0-9_]*$/.test(name), `${name}: must match ^[a-z][a-z0-9_]*$`);
    ok(name.length <= 48, `${name}: longer than 48 characters`);
  }
  equal(new Set(names).size, names.length, "tool names must be unique");
});

Deno.test("every tool is in a known toolset, every toolset has tools and a one-line description", () => {
  const names = toolsets.map((t) => t.name);
  equal(new Set(names).size, names.length, "toolset names must be unique");
  for (const tool of allTools) {
    ok(names.includes(tool.toolset), `${tool.name}: unknown toolset ${tool.toolset}`);
    ok(
      /^(aws|ec2|vpc|ebs|cloudwatch|lambda|logs|s3|iam)_/.test(tool.name),
      `${tool.name}: unknown service prefix`,
    );
  }
  for (const toolset of toolsets) {
    ok(/^[a-z][a-z0-9_]*$/.test(toolset.name), `${toolset.name}: snake_case`);
    ok(allTools.some((t) => t.toolset === toolset.name), `${toolset.name}: has no tools`);
    ok(toolset.description.length <= 100, `${toolset.name}: description over 100 characters`);
    ok(!/[\n.]$/.test(toolset.description), `${toolset.name}: one line, no trailing period`);
  }
  ok(toolsets.filter((t) => t.default).length >= 1, "some toolsets are on by default");
});

Deno.test("the whole catalogue costs at most 150 tokens per tool on average and none over 300", async () => {
  const listings = [...DISCOVERY_TOOLS, ...registered.map((t) => t.listing())];
  const numbers = await tokens(listings);
  const counts = listings.map((l, i) => [l.name, numbers[i]!] as const);
  for (const [name, n] of counts) ok(n <= 300, `${name}: ${n} tokens, over 300`);
  const average = counts.reduce((sum, [, n]) => sum + n, 0) / counts.length;
  ok(average <= 150, `${average.toFixed(1)} tokens per tool on average, over 150`);
});

Deno.test("every tool has a title, a description, IAM actions and explicit annotations", () => {
  for (const { definition, listing } of registered) {
    const tool = listing();
    ok(definition.title.length > 0, `${tool.name}: title`);
    ok(definition.description.length >= 40, `${tool.name}: description too short`);
    ok(definition.description.length <= 400, `${tool.name}: description over 400 characters`);
    ok(definition.iam.length > 0, `${tool.name}: iam actions`);
    for (const action of definition.iam) {
      ok(/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action), `${tool.name}: ${action}`);
    }
    const a = tool.annotations ?? {};
    for (
      const hint of ["readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint"] as const
    ) {
      equal(typeof a[hint], "boolean", `${tool.name}: ${hint} must be explicit`);
    }
    equal(a.readOnlyHint, definition.access === "read", `${tool.name}: readOnlyHint`);
    equal(a.destructiveHint, definition.access === "destructive", `${tool.name}: destructiveHint`);
  }
});

Deno.test("every schema is a plain object without top-level combinators, with an output schema", () => {
  for (const { listing } of registered) {
    const tool = listing();
    for (
      const [kind, schema] of [["input", tool.inputSchema], ["output", tool.outputSchema]] as const
    ) {
      ok(schema, `${tool.name}: ${kind} schema missing`);
      equal(schema.type, "object", `${tool.name}: ${kind} schema must be an object`);
      for (const combinator of ["anyOf", "oneOf", "allOf", "not"]) {
        ok(!(combinator in schema), `${tool.name}: ${kind} schema has top-level ${combinator}`);
      }
    }
    ok("region" in (tool.inputSchema.properties ?? {}), `${tool.name}: takes region`);
    for (const key of ["account", "region"]) {
      ok(
        Object.keys(tool.outputSchema?.properties ?? {}).includes(key),
        `${tool.name}: output names ${key}`,
      );
    }
  }
});

Deno.test("every mutating tool takes dry_run and reports it; every destructive one says what it destroys", () => {
  for (const { definition, listing } of registered) {
    if (definition.access === "read") continue;
    const tool = listing();
    ok("dry_run" in (tool.inputSchema.properties ?? {}), `${tool.name}: takes dry_run`);
    for (const key of ["dry_run", "confirmation", "message"]) {
      ok(
        Object.keys(tool.outputSchema?.properties ?? {}).includes(key),
        `${tool.name}: output has ${key}`,
      );
    }
    if (definition.access === "destructive") {
      equal(
        typeof definition.confirm,
        "function",
        `${tool.name}: a destructive tool needs confirm()`,
      );
    }
  }
});

Deno.test("every per-region list tool fans out over regions without clobbering its own fields", () => {
  for (const { definition, fanOut, listing } of registered) {
    if (!fanOut) continue;
    ok(
      ("regions" in (listing().inputSchema.properties ?? {})) === (definition.regional !== false),
      `${definition.name}: takes regions unless global`,
    );
    for (const key of ["regions", "errors", "groups", "incomplete", "not_found"]) {
      ok(
        !(key in definition.output.shape),
        `${definition.name}: its own output may not use ${key}`,
      );
    }
  }
  ok(registered.filter((t) => t.fanOut).length >= 10, "list tools fan out");
});

Deno.test("every list tool takes fields and group_by and can answer groups, from the shared schema", () => {
  for (const { definition, fanOut, listing } of registered) {
    if (!fanOut) continue;
    const tool = listing();
    const input = tool.inputSchema.properties ?? {};
    const output = Object.keys(tool.outputSchema?.properties ?? {});
    for (const key of ["fields", "group_by"]) {
      ok(key in input, `${tool.name}: takes ${key}`);
      ok(!(key in definition.input.shape), `${tool.name}: ${key} comes from the shared schema`);
    }
    for (const key of ["groups", "incomplete", "regions"]) {
      ok(output.includes(key), `${tool.name}: output has ${key}`);
    }
    ok(fanOut.columns.includes(fanOut.key), `${tool.name}: its key column is a column`);
  }
  // Every paged read tool with one list of rows is a list tool, whoever wrote it.
  for (const { definition, fanOut } of registered) {
    const rows = Object.values(definition.output.shape).filter((v) =>
      v instanceof z.ZodArray && v.element instanceof z.ZodObject
    );
    if (
      definition.access === "read" && !("regions" in definition.output.shape) &&
      "next_token" in definition.input.shape &&
      !("regions" in definition.input.shape) &&
      rows.length === 1
    ) ok(fanOut, `${definition.name}: a paged list gets the shared list options`);
  }
});

Deno.test("every read tool with an id list answers not_found", () => {
  let count = 0;
  for (const { definition, idList, listing } of registered) {
    const ids = Object.keys(definition.input.shape).filter((k) => k.endsWith("_ids"));
    if (definition.access !== "read" || ids.length !== 1) continue;
    count++;
    ok(idList, `${definition.name}: its ${ids[0]} tolerates missing ids`);
    ok(
      Object.keys(listing().outputSchema?.properties ?? {}).includes("not_found"),
      `${definition.name}: not_found`,
    );
  }
  ok(count >= 15, `read tools with id lists: ${count}`);
});

Deno.test("every list tool pages with max_results and next_token", () => {
  for (const { listing } of registered) {
    const tool = listing();
    if (!/_list_/.test(tool.name)) continue;
    const input = tool.inputSchema.properties ?? {};
    ok("max_results" in input && "next_token" in input, `${tool.name}: paging inputs`);
    ok(
      Object.keys(tool.outputSchema?.properties ?? {}).includes("next_token"),
      `${tool.name}: paging output`,
    );
  }
});

Deno.test("tool schemas match the committed snapshot", async (t) => {
  for (const { listing } of registered) {
    const tool = listing();
    await t.step(tool.name, async (t) => {
      await t.assertSnapshot(tool);
    });
  }
});

Deno.test("the benchmark's tokenizer is never part of the server", async () => {
  const root = new URL("..", import.meta.url);
  const walk = async (dir: URL): Promise<string[]> => {
    const out: string[] = [];
    for await (const entry of Deno.readDir(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) out.push(...await walk(url));
      else if (entry.name.endsWith(".ts")) out.push(url.pathname);
    }
    return out;
  };
  const files = [
    new URL("main.ts", root).pathname,
    ...(await Promise.all(
      ["server/", "tools/", "aws/", "schemas/"].map((d) => walk(new URL(d, root))),
    ))
      .flat(),
  ];
  for (const file of files) {
    ok(!(await Deno.readTextFile(file)).includes("gpt-tokenizer"), `${file} imports the tokenizer`);
  }
});
