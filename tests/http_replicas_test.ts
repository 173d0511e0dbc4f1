import { equal, ok } from "node:assert/strict";
import type { CallToolResult } from "../server/mcp.ts";
import { motoTest, productionRunArgs, text } from "./_helpers.ts";
import { Client, StreamableHTTPClientTransport } from "./_mcp.ts";
import { forward, startStandIn } from "./_standin.ts";

// Replicas as a load balancer sees them: separate processes (the production permission set),
// no shared state, one client session spread over both.

const root = new URL("..", import.meta.url).pathname;
const REGION = "us-east-1";
// Every replica gets the same token, as a secret shared through the orchestrator.
const TOKEN = "replica-token-0123456789abcdef";
const AUTH = { authorization: `Bearer ${TOKEN}` };

interface Replica {
  url: string;
  child: Deno.ChildProcess;
  stop(): Promise<void>;
}

async function denoDir(): Promise<string> {
  const out = await new Deno.Command("deno", { args: ["info", "--json"], stdout: "piped" })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).denoDir;
}

async function startReplica(awsEndpoint: string): Promise<Replica> {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  const child = new Deno.Command("deno", {
    args: [...productionRunArgs(home), "--transport", "http", "--port", "0", "--region", REGION],
    cwd: root,
    clearEnv: true,
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: home,
      DENO_DIR: await denoDir(),
      NO_COLOR: "1",
      AWS_ENDPOINT_URL: awsEndpoint,
      AWS_ACCESS_KEY_ID: "testing",
      AWS_SECRET_ACCESS_KEY: "testing",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_MCP_HTTP_TOKEN: TOKEN,
    },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // The replica says where it listens on stderr: "serving MCP at http://127.0.0.1:PORT/mcp".
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  while (!/serving MCP at (\S+)\/mcp/.test(seen)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`replica exited before listening: ${seen}`);
    seen += value;
  }
  const url = /serving MCP at (\S+)\/mcp/.exec(seen)![1]!;
  // Keep draining stderr so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })().catch(() => {});
  return {
    url,
    child,
    stop: async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* already gone */ }
      await child.status;
      await Deno.remove(home, { recursive: true });
    },
  };
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) =>
  await client.callTool({ name, arguments: args }) as CallToolResult;

motoTest(
  "one client session is served by two replicas in turn, every call succeeding",
  async (moto) => {
    const replicas = await Promise.all([startReplica(moto), startReplica(moto)]);
    const served = [0, 0];
    let next = 0;
    const balancer = startStandIn((request, body) => {
      const i = next++ % replicas.length;
      served[i]!++;
      return forward(request, body, replicas[i]!.url);
    });
    const client = new Client({ name: "balanced", version: "0" });
    try {
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`${balancer.url}/mcp`), {
          requestInit: { headers: AUTH },
        }),
      );
      for (
        const name of [
          "aws_whoami",
          "vpc_list_vpcs",
          "ec2_list_instances",
          "aws_whoami",
          "vpc_get_default_vpc",
        ]
      ) {
        const result = await call(client, name);
        equal(result.isError, undefined, `${name}: ${text(result)}`);
      }
      // A next_token from one replica is honoured by the other: paging is stateless.
      const first = await call(client, "aws_list_regions", { max_results: 5 });
      const token = (first.structuredContent as { next_token?: string }).next_token;
      ok(token);
      const second = await call(client, "aws_list_regions", { max_results: 5, next_token: token });
      equal(second.isError, undefined, text(second));
      ok(served[0]! >= 3 && served[1]! >= 3, `both replicas served: ${served}`);
    } finally {
      await client.close();
      await balancer.close();
      await Promise.all(replicas.map((r) => r.stop()));
    }
  },
);

motoTest("SIGTERM lets an in-flight call finish, then the replica exits 0", async (moto) => {
  // AWS answers slowly here, so the call is still in flight when SIGTERM arrives.
  const slow = startStandIn(async (request, body) => {
    await new Promise((resolve) => setTimeout(resolve, 800));
    return forward(request, body, moto);
  });
  const replica = await startReplica(slow.url);
  try {
    const pending = fetch(`${replica.url}/mcp`, {
      method: "POST",
      headers: {
        ...AUTH,
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 7,
        method: "tools/call",
        params: { name: "vpc_list_vpcs", arguments: {} },
      }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    replica.child.kill("SIGTERM");
    const response = await pending;
    equal(response.status, 200);
    const body = await response.text();
    ok(body.includes('"vpcs"') && !body.includes('"isError":true'), body);
    equal((await replica.child.status).code, 0);
  } finally {
    await replica.stop();
    await slow.close();
  }
});
