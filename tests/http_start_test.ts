import { equal, match, ok } from "node:assert/strict";

// `deno task start --transport http` as operators run it, with the production permissions.
const root = new URL("..", import.meta.url).pathname;

async function denoDir(): Promise<string> {
  const out = await new Deno.Command("deno", { args: ["info", "--json"], stdout: "piped" })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

/** Starts the HTTP server and reads stderr until it says where it serves (or it exits). */
async function startHttp(home: string, args: string[]) {
  const child = new Deno.Command("deno", {
    args: ["task", "--quiet", "start", "--transport", "http", "--port", "0", ...args],
    cwd: root,
    env: { HOME: home, DENO_DIR: await denoDir(), NO_COLOR: "1", AWS_REGION: "eu-west-1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let stderr = "";
  let url: string | undefined;
  while (!url) {
    const { done, value } = await reader.read();
    if (done) break;
    stderr += value;
    url = /serving MCP at (\S+)/.exec(stderr)?.[1];
  }
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      if (url) child.kill("SIGTERM");
      await reader.cancel().catch(() => {});
      return (await child.status).code;
    },
  };
}

const initialize = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: {
    protocolVersion: "2025-11-25",
    capabilities: {},
    clientInfo: { name: "t", version: "1" },
  },
});

async function status(url: string, authorization?: string): Promise<number> {
  const r = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      ...(authorization ? { authorization } : {}),
    },
    body: initialize,
  });
  await r.body?.cancel();
  return r.status;
}

Deno.test("HTTP without a configured token generates one, prints it once and saves it 0600", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  const server = await startHttp(home, []);
  try {
    ok(server.url, server.stderr());
    const token = /HTTP bearer token .*: (\S+)\n/.exec(server.stderr())?.[1];
    ok(token && token.length >= 40, server.stderr());
    equal(await status(server.url), 401, "no token, no entry");
    equal(await status(server.url, `bearer ${token}`), 200);
    const file = `${home}/.local/state/aws-mcp/http-token`;
    equal((await Deno.readTextFile(file)).trim(), token);
    equal((await Deno.stat(file)).mode! & 0o777, 0o600);
    equal(server.stderr().split(token).length - 1, 1, "printed once");
  } finally {
    await server.stop();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("--http-token-file is read at start", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  await Deno.mkdir(`${home}/.local/state/aws-mcp`, { recursive: true });
  const file = `${home}/.local/state/aws-mcp/token`;
  await Deno.writeTextFile(file, "a-token-from-a-file-0123456789\n", { mode: 0o600 });
  const server = await startHttp(home, ["--http-token-file", file]);
  try {
    ok(server.url, server.stderr());
    ok(!/generated/.test(server.stderr()));
    equal(await status(server.url, "Bearer a-token-from-a-file-0123456789"), 200);
    equal(await status(server.url, "Bearer wrong-token-0123456789"), 401);
  } finally {
    await server.stop();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("--host ::1 listens on IPv6 loopback instead of crashing", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  const server = await startHttp(home, ["--host", "::1", "--http-token", "t".repeat(20)]);
  try {
    // The tests' own permissions do not reach [::1]; that the server listened is the point.
    match(server.url ?? "", /^http:\/\/\[::1\]:\d+\/mcp$/, server.stderr());
    ok(!/NotCapable/.test(server.stderr()));
  } finally {
    await server.stop();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("an address the permissions do not cover is refused at start with exit 2", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  const server = await startHttp(home, ["--host", "127.0.0.2", "--http-token", "x".repeat(20)]);
  try {
    equal(server.url, undefined);
    equal(await server.stop(), 2);
    match(server.stderr(), /--host 127\.0\.0\.2 .*cannot listen/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
