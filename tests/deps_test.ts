import { deepEqual } from "node:assert/strict";
import manifest from "../deno.json" with { type: "json" };

// `deno task start` installs every npm package that deno.json's imports or deno.lock name, not only
// those main.ts loads: a test- or bench-only package there would be downloaded by every user on
// their first start. Such packages are pinned in the file that runs them instead.

const root = new URL("..", import.meta.url).pathname;

async function serverGraph(): Promise<Set<string>> {
  const out = await new Deno.Command("deno", {
    args: ["info", "--json", "main.ts"],
    cwd: root,
    stdout: "piped",
    stderr: "null",
  }).output();
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    modules: { dependencies?: { specifier: string }[] }[];
  };
  return new Set(info.modules.flatMap((m) => (m.dependencies ?? []).map((d) => d.specifier)));
}

Deno.test("deno.json imports only packages the server itself loads", async () => {
  const used = await serverGraph();
  const unused = Object.keys(manifest.imports).filter((key) =>
    ![...used].some((specifier) =>
      key.endsWith("/") ? specifier.startsWith(key) : specifier === key
    )
  );
  deepEqual(unused, [], "move test-only packages out of deno.json (see docs/contributing.md)");
});

Deno.test("deno.lock pins no top-level package that deno.json does not import", async () => {
  const lock = JSON.parse(await Deno.readTextFile(`${root}/deno.lock`)) as {
    specifiers: Record<string, string>;
  };
  // The scopes map zod's one importer (schemas/zod.ts) to the package itself.
  const mapped = [manifest.imports, ...Object.values(manifest.scopes)].flatMap(Object.values);
  const imported = new Set(
    mapped.map((v) => v.replace(/^npm:\/?/, "npm:").replace(/\/$/, "")),
  );
  const stray = Object.keys(lock.specifiers).filter((s) => !imported.has(s));
  deepEqual(stray, [], "deno.lock lists packages deno.json does not import: run deno install");
});

Deno.test("tests/deno.lock (tests' clients on top) resolves the server's packages as deno.lock does", async () => {
  type Lock = { specifiers: Record<string, string>; npm?: Record<string, { integrity?: string }> };
  const read = async (path: string) =>
    JSON.parse(await Deno.readTextFile(`${root}/${path}`)) as Lock;
  const [server, tests] = await Promise.all([read("deno.lock"), read("tests/deno.lock")]);
  const differ = Object.entries(server.npm ?? {}).filter(([name, entry]) =>
    tests.npm?.[name]?.integrity !== entry.integrity
  ).map(([name]) => name);
  deepEqual(
    differ,
    [],
    "copy deno.lock to tests/deno.lock, then run the tests to add their clients",
  );
});
