/**
 * Tool modules load on their first call, not at start. This file imports no tool module itself
 * (not even through tests/_helpers.ts), so what the server imports is all that is loaded.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import type { AwsProvider } from "../aws/clients.ts";
import { loadedModules } from "../server/catalogue.ts";
import { defaultConfig } from "../server/config.ts";
import type { CallToolResult, ListToolsResult } from "../server/mcp.ts";
import { createServer } from "../server/server.ts";
import { Client, InMemoryTransport } from "./_mcp.ts";

const root = new URL("..", import.meta.url);

interface Graph {
  roots: string[];
  modules: {
    specifier: string;
    dependencies?: { specifier: string; code?: { specifier: string }; isDynamic?: boolean }[];
  }[];
}

async function mainGraph(): Promise<Graph> {
  const out = await new Deno.Command("deno", {
    args: ["info", "--json", "main.ts"],
    cwd: root,
    stdout: "piped",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout)) as Graph;
}

Deno.test("main.ts statically imports no tool module, no AWS SDK client, no call machinery and no zod", async () => {
  const info = await mainGraph();
  const modules = new Map(info.modules.map((m) => [m.specifier, m]));
  const seen = new Set<string>();
  const stack = [...info.roots];
  while (stack.length) {
    const specifier = stack.pop()!;
    if (seen.has(specifier)) continue;
    seen.add(specifier);
    for (const dep of modules.get(specifier)?.dependencies ?? []) {
      if (dep.code && !dep.isDynamic) stack.push(dep.code.specifier);
    }
  }
  ok(seen.size > 5, "the graph was read");
  deepEqual([...seen].filter((s) => s.startsWith(new URL("tools/", root).href)), []);
  deepEqual([...seen].filter((s) => s.includes("@aws-sdk/client-")), []);
  // Each of these costs milliseconds of zod schema building and is needed only by a call.
  for (const module of ["server/call.ts", "server/registry.ts", "schemas/zod.ts"]) {
    ok(!seen.has(new URL(module, root).href), `${module} loads with the first call`);
  }
});

// Before main.ts runs, Deno resolves every npm specifier its module graph names as code, dynamic
// imports included, one by one: the AWS SDK packages cost ~25 ms and ~130 modules naming zod
// ~40 ms at every start. So the SDK is imported by name (aws/packages.ts) and zod through one
// module (deno.json maps "zod" to schemas/zod.ts).
Deno.test("main.ts's module graph names no AWS SDK package as code, and zod in one module", async () => {
  const info = await mainGraph();
  const npm = info.modules.filter((m) => m.specifier.startsWith("file:")).flatMap((m) =>
    (m.dependencies ?? [])
      .filter((d) => d.code?.specifier.startsWith("npm:"))
      .map((d) => ({ module: m.specifier.slice(root.href.length), name: d.specifier }))
  );
  ok(npm.some((d) => d.module === "server/mcp.ts"), "the graph was read");
  deepEqual(npm.filter((d) => /^@(aws-sdk|smithy)\//.test(d.name)), []);
  deepEqual(npm.filter((d) => d.name === "zod"), [{ module: "schemas/zod.ts", name: "zod" }]);
});

Deno.test("a tool's module is imported on its first call, not by initialize, tools/list or enabling", async () => {
  const aws: AwsProvider = {
    profile: undefined,
    defaultRegion: () => Promise.resolve("eu-west-1"),
    scope: (region) => ({
      region,
      identity: () =>
        Promise.resolve({
          account: "123456789012",
          arn: "arn:aws:iam::123456789012:user/a",
          userId: "A",
        }),
      client: () =>
        Promise.resolve({
          describeRegions: () =>
            Promise.resolve({
              Regions: [{
                RegionName: "eu-west-1",
                Endpoint: "ec2.eu-west-1.amazonaws.com",
                OptInStatus: "opt-in-not-required",
              }],
            }),
        } as never),
    }),
  };
  const server = createServer({ ...defaultConfig(), toolsets: ["aws"] }, { aws });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "lazy-test", version: "0.0.0" });
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  try {
    const { tools } = await client.listTools() as ListToolsResult;
    ok(tools.some((t) => t.name === "aws_list_regions"));
    await client.callTool({ name: "aws_enable_toolsets", arguments: { toolsets: ["pricing"] } });
    deepEqual([...loadedModules], []);
    const result = await client.callTool({
      name: "aws_list_regions",
      arguments: {},
    }) as CallToolResult;
    equal(result.isError, undefined, JSON.stringify(result.content));
    deepEqual([...loadedModules], ["aws/list_regions.ts"]);
  } finally {
    await client.close();
    await server.close();
  }
});
