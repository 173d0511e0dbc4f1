import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { z } from "zod";
import { defaultConfig } from "../server/config.ts";
import { serveHttp } from "../server/http.ts";
import { serverFactory, type ServerOptions } from "../server/server.ts";
import { readConfirmKey } from "../server/start_checks.ts";
import { defineTool, type ToolDefinition } from "../tools/tool.ts";
import { stubAws } from "./_helpers.ts";
import { fakeTools } from "./_fake_tools.ts";
import {
  Client,
  ElicitRequestSchema,
  InMemoryTransport,
  ModernClient,
  ModernHttpTransport,
  ModernStdioTransport,
  rawModernCall,
} from "./_mcp.ts";
import { serveStdio } from "../server/mcp.ts";

// MCP 2026-07-28 over HTTP: the v2 client pinned to the stateless era, and raw requests for the
// attacks a client library would never make. Fake tools record what they did.

const TOKEN = "modern-test-token-0123456789";

const { acted, deleteThing, waitThing } = fakeTools();

const getThing = defineTool({
  name: "ec2_get_thing",
  toolset: "ec2",
  title: "Get a thing",
  description: "Reads a thing, for testing a read call.",
  access: "read",
  idempotent: true,
  iam: [],
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  handler: () => Promise.resolve({ ok: true }),
}) as unknown as ToolDefinition;

const inventory = [deleteThing, waitThing, getThing];

function replica(options: ServerOptions = {}) {
  const config = { ...defaultConfig(), allowDestructive: true, transport: "http" as const };
  const factory = serverFactory(config, {
    aws: stubAws({}),
    inventory,
    waitIntervalMs: 20,
    ...options,
  });
  return serveHttp(factory, { host: "127.0.0.1", port: 0, token: TOKEN, log: () => {} });
}

const url = (endpoint: { addr: Deno.NetAddr }) => `http://127.0.0.1:${endpoint.addr.port}/mcp`;

/** One raw 2026-07-28 call of ec2_delete_thing. */
const rawCall = (
  endpoint: { addr: Deno.NetAddr },
  args: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => rawModernCall(url(endpoint), TOKEN, "ec2_delete_thing", args, extra);

const accept = { confirm: { action: "accept", content: { confirm: true } } };

async function askedState(endpoint: { addr: Deno.NetAddr }, id: string): Promise<string> {
  const first = await rawCall(endpoint, { id });
  equal(first.result?.resultType, "input_required");
  return String(first.result?.requestState);
}

async function modernClient(endpoint: { addr: Deno.NetAddr }, answer?: "accept" | "decline") {
  const client = new ModernClient({ name: "modern-test", version: "0" }, {
    versionNegotiation: { mode: { pin: "2026-07-28" } },
    ...(answer ? { capabilities: { elicitation: {} } } : {}),
  });
  const asked: string[] = [];
  if (answer) {
    client.setRequestHandler("elicitation/create", (request) => {
      asked.push(String(request.params.message));
      return answer === "accept"
        ? { action: "accept", content: { confirm: true } }
        : { action: "decline" };
    });
  }
  await client.connect(
    new ModernHttpTransport(new URL(url(endpoint)), {
      requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
    }),
  );
  return { client, asked };
}

Deno.test("a 2026-era client over HTTP discovers, lists, reads, and confirms or declines a destructive call", async () => {
  const endpoint = replica();
  try {
    for (const answer of ["accept", "decline"] as const) {
      acted.length = 0;
      const { client, asked } = await modernClient(endpoint, answer);
      equal(client.getProtocolEra(), "modern");
      const { tools } = await client.listTools();
      ok(tools.some((t) => t.name === "ec2_delete_thing"));
      const read = await client.callTool({ name: "ec2_get_thing", arguments: {} });
      equal((read.structuredContent as { ok: boolean }).ok, true);
      const out = await client.callTool({ name: "ec2_delete_thing", arguments: { id: "i-1" } });
      deepEqual(asked, ["Delete thing i-1 in us-east-1. This cannot be undone."]);
      const data = out.structuredContent as { confirmation: string; message?: string };
      equal(data.confirmation, answer === "accept" ? "accepted" : "declined");
      deepEqual(acted, answer === "accept" ? ["delete i-1"] : []);
      await client.close();
    }
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a 2026-era client that cannot be asked is refused naming --waive-confirmation", async () => {
  const endpoint = replica();
  acted.length = 0;
  try {
    const { client } = await modernClient(endpoint);
    const out = await client.callTool({ name: "ec2_delete_thing", arguments: { id: "i-1" } });
    ok(out.isError);
    match(JSON.stringify(out.content), /ConfirmationUnavailable.*--waive-confirmation/);
    deepEqual(acted, []);
    await client.close();
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("the 2026 confirmation round trip works across two replicas sharing the key", async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const a = replica({ confirmKey: key });
  const b = replica({ confirmKey: key });
  const stranger = replica(); // its own random key
  acted.length = 0;
  try {
    const state = await askedState(a, "i-7");
    deepEqual(acted, []);
    const elsewhere = await rawCall(stranger, { id: "i-7" }, {
      requestState: state,
      inputResponses: accept,
    });
    equal(elsewhere.error?.code, -32602, "a replica with another key cannot verify the challenge");
    const retried = await rawCall(b, { id: "i-7" }, {
      requestState: state,
      inputResponses: accept,
    });
    equal((retried.result?.structuredContent as { confirmation: string }).confirmation, "accepted");
    deepEqual(acted, ["delete i-7"]);
  } finally {
    await Promise.all([a.shutdown(), b.shutdown(), stranger.shutdown()]);
  }
});

Deno.test("pre-confirmed, forged, tampered, mismatched and replayed confirmations change nothing", async () => {
  const endpoint = replica();
  acted.length = 0;
  try {
    // An answer without a challenge is no answer: the human is asked.
    const pre = await rawCall(endpoint, { id: "i-1" }, { inputResponses: accept });
    equal(pre.result?.resultType, "input_required");
    // A state this server never minted, and a minted one altered by a character.
    const forged = await rawCall(endpoint, { id: "i-1" }, {
      requestState: "v1.eyJwIjp7fX0.AAAA",
      inputResponses: accept,
    });
    equal(forged.error?.code, -32602);
    const state = await askedState(endpoint, "i-1");
    const [head, payload, mac] = state.split(".");
    const flipped = `${head}.${payload!.slice(0, -2)}${payload!.endsWith("A") ? "B" : "A"}${
      payload!.slice(-1)
    }.${mac}`;
    const tampered = await rawCall(endpoint, { id: "i-1" }, {
      requestState: flipped,
      inputResponses: accept,
    });
    equal(tampered.error?.code, -32602);
    // The challenge for i-1 cannot confirm i-2.
    const other = await rawCall(endpoint, { id: "i-2" }, {
      requestState: state,
      inputResponses: accept,
    });
    match(JSON.stringify(other.result?.content), /ConfirmationMismatch/);
    deepEqual(acted, []);
    // Used once, it is spent.
    const used = await rawCall(endpoint, { id: "i-1" }, {
      requestState: state,
      inputResponses: accept,
    });
    equal((used.result?.structuredContent as { confirmation: string }).confirmation, "accepted");
    const replayed = await rawCall(endpoint, { id: "i-1" }, {
      requestState: state,
      inputResponses: accept,
    });
    match(JSON.stringify(replayed.result?.content), /ConfirmationReplayed/);
    deepEqual(acted, ["delete i-1"]);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a 2026-era client over HTTP gets progress, and closing the stream cancels the call", async () => {
  const endpoint = replica();
  try {
    const { client } = await modernClient(endpoint);
    const progress: string[] = [];
    const out = await client.callTool({ name: "ec2_wait_thing", arguments: { polls: 3 } }, {
      onprogress: (p) => progress.push(`${p.progress}:${p.message}`),
    });
    equal((out.structuredContent as { done: boolean }).done, true);
    deepEqual(progress, ["1:poll 1", "2:poll 2", "3:poll 3"]);
    const controller = new AbortController();
    const started = Date.now();
    const pending = client.callTool({ name: "ec2_wait_thing", arguments: { polls: 1_000_000 } }, {
      signal: controller.signal,
      onprogress: () => {},
    });
    setTimeout(() => controller.abort(), 100);
    await rejects(pending);
    ok(Date.now() - started < 1000, "cancellation ends the call promptly");
    await client.close();
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("--confirm-key-file reads its first line and refuses a short secret", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/key`, `${"k".repeat(40)}\nignored\n`);
    deepEqual(await readConfirmKey(`${dir}/key`), new TextEncoder().encode("k".repeat(40)));
    await Deno.writeTextFile(`${dir}/short`, "too-short\n");
    await rejects(readConfirmKey(`${dir}/short`), /at least 32 characters/);
    await rejects(readConfirmKey(`${dir}/missing`), /cannot read it/);
    equal(await readConfirmKey(undefined), undefined);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a 2026-era client over stdio (deno task start) discovers, lists and enables a toolset for its connection", async () => {
  const home = await Deno.makeTempDir({ prefix: "aws-mcp-home-" });
  const info = await new Deno.Command("deno", { args: ["info", "--json"], stdout: "piped" })
    .output();
  const transport = new ModernStdioTransport({
    command: "deno",
    args: ["task", "--quiet", "start"],
    cwd: new URL("..", import.meta.url).pathname,
    stderr: "pipe",
    env: {
      PATH: Deno.env.get("PATH") ?? "",
      HOME: home,
      DENO_DIR: JSON.parse(new TextDecoder().decode(info.stdout)).denoDir,
      NO_COLOR: "1",
      AWS_REGION: "eu-west-1",
      AWS_EC2_METADATA_DISABLED: "true",
    },
  });
  const client = new ModernClient({ name: "modern-stdio", version: "0" }, {
    versionNegotiation: { mode: { pin: "2026-07-28" } },
  });
  try {
    await client.connect(transport);
    equal(client.getProtocolEra(), "modern");
    // 2026-07-28 carries list changes on subscriptions/listen, which this server does not serve.
    equal(client.getServerCapabilities()?.tools?.listChanged, undefined);
    const before = (await client.listTools()).tools.map((t) => t.name);
    ok(before.includes("aws_enable_toolsets") && !before.includes("lambda_list_functions"));
    const enabled = await client.callTool({
      name: "aws_enable_toolsets",
      arguments: { toolsets: ["lambda"] },
    });
    ok(!enabled.isError, JSON.stringify(enabled.content));
    const after = (await client.listTools()).tools.map((t) => t.name);
    ok(after.includes("lambda_list_functions"), "the enabling lasts for this connection");
  } finally {
    await client.close();
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a 2026-era client on a stdio connection confirms and declines, gets progress and cancels", async () => {
  const config = { ...defaultConfig(), allowDestructive: true };
  const factory = serverFactory(config, { aws: stubAws({}), inventory, waitIntervalMs: 20 });
  for (const answer of ["accept", "decline"] as const) {
    acted.length = 0;
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = serveStdio(factory, { transport: serverSide });
    const client = new ModernClient({ name: "modern-stdio", version: "0" }, {
      versionNegotiation: { mode: { pin: "2026-07-28" } },
      capabilities: { elicitation: {} },
    });
    client.setRequestHandler(
      "elicitation/create",
      () =>
        answer === "accept"
          ? { action: "accept", content: { confirm: true } }
          : { action: "decline" },
    );
    try {
      await client.connect(clientSide);
      equal(client.getProtocolEra(), "modern");
      const out = await client.callTool({ name: "ec2_delete_thing", arguments: { id: "i-3" } });
      equal(
        (out.structuredContent as { confirmation: string }).confirmation,
        answer === "accept" ? "accepted" : "declined",
      );
      deepEqual(acted, answer === "accept" ? ["delete i-3"] : []);
      if (answer === "decline") continue;
      const progress: number[] = [];
      await client.callTool({ name: "ec2_wait_thing", arguments: { polls: 2 } }, {
        onprogress: (p) => progress.push(p.progress),
      });
      deepEqual(progress, [1, 2]);
      const controller = new AbortController();
      const started = Date.now();
      const pending = client.callTool({ name: "ec2_wait_thing", arguments: { polls: 1e6 } }, {
        signal: controller.signal,
        onprogress: () => {},
      });
      setTimeout(() => controller.abort(), 100);
      await rejects(pending);
      ok(Date.now() - started < 1000, "cancellation ends the call promptly");
    } finally {
      await client.close();
      await served.close();
    }
  }
});

Deno.test("a 2025-era client on a stdio connection (serveStdio) is asked by elicitation, and a no changes nothing", async () => {
  const config = { ...defaultConfig(), allowDestructive: true };
  const factory = serverFactory(config, { aws: stubAws({}), inventory });
  for (const answer of ["accept", "decline"] as const) {
    acted.length = 0;
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    const served = serveStdio(factory, { transport: serverSide });
    const client = new Client({ name: "legacy-stdio", version: "0" }, {
      capabilities: { elicitation: {} },
    });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return answer === "accept"
        ? { action: "accept", content: { confirm: true } }
        : { action: "decline" };
    });
    try {
      await client.connect(clientSide);
      equal(client.getServerCapabilities()?.tools?.listChanged, true);
      const out = await client.callTool({ name: "ec2_delete_thing", arguments: { id: "i-4" } });
      deepEqual(asked, ["Delete thing i-4 in us-east-1. This cannot be undone."]);
      equal(
        (out.structuredContent as { confirmation: string }).confirmation,
        answer === "accept" ? "accepted" : "declined",
      );
      deepEqual(acted, answer === "accept" ? ["delete i-4"] : []);
    } finally {
      await client.close();
      await served.close();
    }
  }
});
