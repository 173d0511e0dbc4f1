import { deepEqual, equal, match, ok, rejects, throws } from "node:assert/strict";
import { join } from "node:path";
import type { CallToolResult, ListToolsResult } from "../server/mcp.ts";
import {
  binaryName,
  binaryPermissions,
  compile,
  denortFor,
  hostTarget,
  includeFlags,
  launcherScript,
  parseRunTask,
  releasePermissions,
  sha256File,
  writeChecksums,
} from "../scripts/compile.ts";
import { LAZY_PACKAGES } from "../aws/packages.ts";
import { allTools } from "../tools/mod.ts";
import manifest from "../deno.json" with { type: "json" };
import { Client, StdioClientTransport } from "./_mcp.ts";
import { MOTO_ENDPOINT, text } from "./_helpers.ts";

// `deno compile` downloads its runtime (denort) from the internet; offline it needs DENORT_BIN.
// Without one this file says so and skips, rather than waiting on a download that cannot work.

const NAME = "the compiled binary prints its version and serves MCP over stdio";
const DENORT_BIN = Deno.env.get("DENORT_BIN");
const READ_TOOLS = allTools.filter((t) => t.access === "read").length;
// `deno task test` grants --allow-run=deno only; starting the binary needs --allow-run.
const CAN_RUN = Deno.permissions.querySync({ name: "run" }).state === "granted";

async function smokeTest(t: Deno.TestContext) {
  const dir = await Deno.makeTempDir({ prefix: "aws-mcp-compile-" });
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  try {
    const target = hostTarget();
    const built = await compile({ targets: [target], outDir: dir, log: () => {} });
    const binary = join(dir, binaryName(manifest.version, target));
    equal(built[0], binary);

    await t.step("SHA256SUMS lists the binary with its hash", async () => {
      const sums = await Deno.readTextFile(join(dir, "SHA256SUMS"));
      equal(sums, `${await sha256File(binary)}  ${binaryName(manifest.version, target)}\n`);
    });

    const env = {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: home,
      NO_COLOR: "1",
      AWS_EC2_METADATA_DISABLED: "true",
    };

    await t.step("--version prints the deno.json version", async () => {
      const out = await new Deno.Command(binary, {
        args: ["--version"],
        env,
        clearEnv: true,
        stdout: "piped",
        stderr: "piped",
      }).output();
      const stderr = new TextDecoder().decode(out.stderr);
      ok(out.success, stderr);
      equal(new TextDecoder().decode(out.stdout).trim(), `aws-mcp ${manifest.version}`);
    });

    await t.step("initialize and tools/list over stdio; one call against moto", async () => {
      const transport = new StdioClientTransport({
        command: binary,
        args: ["--region", "ap-south-1"],
        stderr: "pipe",
        env: {
          ...env,
          ...(MOTO_ENDPOINT
            ? {
              AWS_ENDPOINT_URL: MOTO_ENDPOINT,
              AWS_ACCESS_KEY_ID: "testing",
              AWS_SECRET_ACCESS_KEY: "testing",
            }
            : {}),
        },
      });
      let stderr = "";
      transport.stderr?.on("data", (c: Uint8Array) => (stderr += new TextDecoder().decode(c)));
      const client = new Client({ name: "compile-test", version: "0.0.0" });
      await client.connect(transport).catch((err) => {
        throw new Error(`the binary did not initialize: ${err}; its stderr: ${stderr}`);
      });
      try {
        equal(client.getServerVersion()?.version, manifest.version);
        const { tools } = await client.listTools() as ListToolsResult;
        equal(tools.length, READ_TOOLS);
        if (MOTO_ENDPOINT) {
          const vpcs = await client.callTool({
            name: "vpc_list_vpcs",
            arguments: {},
          }) as CallToolResult;
          equal(vpcs.isError, undefined, text(vpcs));
          equal((vpcs.structuredContent as { region: string }).region, "ap-south-1");
        } else {
          console.error("compile_test: no MOTO_ENDPOINT; the binary made no AWS call");
        }
        ok(!/NotCapable|PermissionDenied|Requires .* access/.test(stderr), stderr);
      } finally {
        await client.close();
      }
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("the binary keeps the start task's net, env and sys; read and write are unscoped", () => {
  const { flags: task } = parseRunTask(manifest.tasks.start);
  const { flags, entry } = releasePermissions();
  equal(entry, "main.ts");
  const byName = (list: string[], name: string) => list.find((f) => f.split("=")[0] === name);
  for (const name of ["--allow-net", "--allow-env", "--allow-sys"]) {
    ok(byName(task, name), `the start task has ${name}`);
    equal(byName(flags, name), byName(task, name));
  }
  equal(byName(flags, "--allow-read"), "--allow-read");
  equal(byName(flags, "--allow-write"), "--allow-write");
  ok(!flags.some((f) => f.includes("$HOME") || f === "--allow-all" || f === "-A"));
  equal(flags.length, task.length);
});

Deno.test("binary permissions keep absolute paths and refuse what cannot be baked in", () => {
  deepEqual(binaryPermissions(["--allow-read=/etc/aws", "--allow-write=~/x,/tmp"]), [
    "--allow-read=/etc/aws",
    "--allow-write",
  ]);
  throws(() => binaryPermissions(["-A"]), /--allow-all/);
  throws(() => binaryPermissions(["--deny-read=$HOME/.ssh"]), /home-relative/);
  throws(() => binaryPermissions(["--watch"]), /unsupported flag in the start task: --watch/);
  throws(() => parseRunTask("deno task start"), /deno run/);
});

Deno.test("binaries carry the packages the server imports by name, pinned as in deno.json", () => {
  const flags = includeFlags();
  equal(flags.length, LAZY_PACKAGES.length);
  for (const name of LAZY_PACKAGES) {
    ok(flags.includes(`--include=${(manifest.imports as Record<string, string>)[name]}`), name);
  }
  ok(
    flags.every((f) => /^--include=npm:@[a-z-]+\/[a-z0-9-]+@\d+\.\d+\.\d+$/.test(f)),
    flags.join(" "),
  );
  throws(() => includeFlags({}), /deno\.json imports no npm package @aws-sdk\//);
});

Deno.test("binaries are named by version and target; DENORT_BIN serves the host only", () => {
  equal(binaryName("1.2.3", "x86_64-pc-windows-msvc"), "aws-mcp-1.2.3-x86_64-pc-windows-msvc.exe");
  equal(binaryName("1.2.3", "aarch64-apple-darwin"), "aws-mcp-1.2.3-aarch64-apple-darwin");
  const other = hostTarget() === "aarch64-apple-darwin"
    ? "x86_64-apple-darwin"
    : "aarch64-apple-darwin";
  equal(denortFor(hostTarget(), { DENORT_BIN: "/r/denort" }), "/r/denort");
  equal(denortFor(other, { DENORT_BIN: "/r/denort" }), undefined);
  const variable = `DENORT_BIN_${other.toUpperCase().replaceAll("-", "_")}`;
  equal(denortFor(other, { [variable]: "/o/denort" }), "/o/denort");
});

Deno.test("SHA256SUMS has sha256sum's format, sorted by name", async () => {
  const dir = await Deno.makeTempDir({ prefix: "aws-mcp-sums-" });
  try {
    await Deno.writeTextFile(join(dir, "b"), "abc");
    await Deno.writeTextFile(join(dir, "a"), "");
    await writeChecksums(dir, [join(dir, "b"), join(dir, "a")]);
    equal(
      await Deno.readTextFile(join(dir, "SHA256SUMS")),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a\n" +
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  b\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compile names a missing or wrong DENORT_BIN before running deno", async () => {
  const dir = await Deno.makeTempDir({ prefix: "aws-mcp-compile-" });
  try {
    const run = (env: Record<string, string>) =>
      compile({ targets: [hostTarget()], outDir: dir, env, log: () => {} });
    await rejects(
      run({ DENORT_BIN: "/nonexistent/denort" }),
      /DENORT_BIN=\/nonexistent\/denort: no such/,
    );
    await rejects(run({ DENORT_BIN: Deno.execPath() }), /is the deno CLI, not its runtime/);
    await rejects(
      compile({ targets: ["x86_64-unknown-freebsd"], outDir: dir, env: {}, log: () => {} }),
      /unknown target x86_64-unknown-freebsd; valid targets: x86_64-unknown-linux-gnu/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the container launcher resolves the home and adds credential files named by AWS_*", () => {
  const script = launcherScript("/home/aws-mcp", "/app");
  ok(!script.includes("$HOME"));
  match(script, /^read=\/home\/aws-mcp\/\.aws,/m);
  match(script, /--allow-write=\/home\/aws-mcp\/\.aws\/sso\/cache,/);
  match(script, /"\$\{AWS_WEB_IDENTITY_TOKEN_FILE:-\}"/);
  match(
    script,
    /^exec deno run --cached-only --config=\/app\/deno\.json .* \/app\/main\.ts "\$@"$/m,
  );
});

if (!DENORT_BIN) {
  console.error(`skipped (no denort; set DENORT_BIN to a denort ${Deno.version.deno}): ${NAME}`);
  Deno.test({ name: `${NAME} [skipped: no denort — set DENORT_BIN]`, ignore: true, fn: () => {} });
} else if (!CAN_RUN) {
  console.error(`skipped (run with --allow-run to start the compiled binary): ${NAME}`);
  Deno.test({ name: `${NAME} [skipped: needs --allow-run]`, ignore: true, fn: () => {} });
} else {
  Deno.test(NAME, smokeTest);
}
