import { equal, match, ok } from "node:assert/strict";
import { type CallToolResult, type ListToolsResult } from "../server/mcp.ts";
import { Client, StdioClientTransport } from "./_mcp.ts";
import { allTools, toolsets } from "../tools/mod.ts";
import { motoTest, text } from "./_helpers.ts";

// The server runs as users run it: `deno task start`, i.e. main.ts with the production
// permission set from deno.json, so a permission the SDK needs and the set lacks fails here.

const root = new URL("..", import.meta.url).pathname;
// The default toolsets' read tools, and aws_list_toolsets and aws_enable_toolsets.
const defaults = toolsets.filter((t) => t.default).map((t) => t.name);
const READ_TOOLS =
  allTools.filter((t) => t.access === "read" && defaults.includes(t.toolset)).length + 2;

async function denoDir(): Promise<string> {
  const out = await new Deno.Command("deno", { args: ["info", "--json"], stdout: "piped" })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

async function startServer(env: Record<string, string>, args: string[] = []) {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  const transport = new StdioClientTransport({
    command: "deno",
    args: ["task", "--quiet", "start", ...args],
    cwd: root,
    stderr: "pipe",
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: home,
      DENO_DIR: await denoDir(),
      NO_COLOR: "1",
      AWS_EC2_METADATA_DISABLED: "true",
      ...env,
    },
  });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Uint8Array) => (stderr += new TextDecoder().decode(chunk)));
  const client = new Client({ name: "stdio-test", version: "0.0.0" });
  await client.connect(transport);
  return {
    client,
    stderr: () => stderr,
    close: async () => {
      await client.close();
      await Deno.remove(home, { recursive: true });
    },
  };
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  await client.callTool({ name, arguments: args }) as CallToolResult;

Deno.test("deno task start serves MCP over stdio with the production permissions", async () => {
  const server = await startServer({ AWS_REGION: "eu-west-1" });
  try {
    equal(server.client.getServerVersion()?.name, "aws-mcp");
    const { tools } = await server.client.listTools() as ListToolsResult;
    equal(tools.length, READ_TOOLS);
    ok(tools.every((t) => t.annotations?.readOnlyHint === true));
  } finally {
    await server.close();
  }
});

Deno.test("missing credentials give NoCredentials and the session answers the next call", async () => {
  // Nothing can reach AWS: no credentials anywhere, metadata disabled, endpoint on a dead port.
  const server = await startServer({
    AWS_REGION: "eu-west-1",
    AWS_ENDPOINT_URL: "http://127.0.0.1:9",
  });
  try {
    const first = await call(server.client, "ec2_list_instances");
    equal(first.isError, true);
    match(text(first), /^NoCredentials: .* — log in \(aws sso login\) or configure credentials/);
    const second = await call(server.client, "vpc_list_vpcs", { max_results: 0 });
    match(text(second), /^InvalidInput: max_results/);
    const { tools } = await server.client.listTools() as ListToolsResult;
    equal(tools.length, READ_TOOLS);
    ok(!/NotCapable|PermissionDenied|Requires .* access/.test(server.stderr()), server.stderr());
  } finally {
    await server.close();
  }
});

motoTest("the stdio server calls moto for all three tools", async (endpoint) => {
  const server = await startServer({
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: "testing",
    AWS_SECRET_ACCESS_KEY: "testing",
  }, ["--region", "sa-east-1"]);
  try {
    const who = await call(server.client, "aws_whoami");
    equal(who.isError, undefined, text(who));
    equal((who.structuredContent as { region: string }).region, "sa-east-1");
    const vpcs = await call(server.client, "vpc_list_vpcs");
    equal(vpcs.isError, undefined, text(vpcs));
    ok((vpcs.structuredContent as { vpcs: unknown[] }).vpcs.length >= 1);
    const instances = await call(server.client, "ec2_list_instances", { region: "sa-east-1" });
    equal(instances.isError, undefined, text(instances));
    // A toolset enabled on demand: its tools' modules load on their first call, as users run it.
    const enabled = await call(server.client, "aws_enable_toolsets", {
      toolsets: ["ebs_snapshots"],
    });
    match(text(enabled), /ebs_list_snapshots/);
    const snapshots = await call(server.client, "ebs_list_snapshots", { owners: ["self"] });
    equal(snapshots.isError, undefined, text(snapshots));
    ok(!/NotCapable|PermissionDenied|Requires .* access/.test(server.stderr()), server.stderr());
  } finally {
    await server.close();
  }
});

Deno.test("the server refuses to start when its audit log cannot be opened", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  try {
    // ~/.local/state/aws-mcp is a regular file: the log's directory cannot be created.
    await Deno.mkdir(`${home}/.local/state`, { recursive: true });
    await Deno.writeTextFile(`${home}/.local/state/aws-mcp`, "");
    const out = await new Deno.Command("deno", {
      args: [
        "task",
        "--quiet",
        "start",
        "--allow-write",
        "--audit-log",
        `${home}/.local/state/aws-mcp/audit.jsonl`,
      ],
      cwd: root,
      env: { HOME: home, DENO_DIR: await denoDir(), NO_COLOR: "1", AWS_REGION: "eu-west-1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(out.code, 2);
    match(new TextDecoder().decode(out.stderr), /--audit-log .*: cannot create its directory/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("the server refuses to start when its default region is outside --regions", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  try {
    const out = await new Deno.Command("deno", {
      args: ["task", "--quiet", "start", "--regions", "us-east-1"],
      cwd: root,
      env: { HOME: home, DENO_DIR: await denoDir(), NO_COLOR: "1", AWS_REGION: "eu-west-1" },
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(out.code, 2);
    match(
      new TextDecoder().decode(out.stderr),
      /the default region eu-west-1 .* is outside --regions us-east-1/,
    );
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
