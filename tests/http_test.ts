import { deepEqual, equal, match, ok, throws } from "node:assert/strict";
import type { CallToolResult, ListToolsResult } from "../server/mcp.ts";
import { defaultConfig } from "../server/config.ts";
import { serveHttp } from "../server/http.ts";
import { serverFactory } from "../server/server.ts";
import { fakeTools } from "./_fake_tools.ts";
import { stubAws, text } from "./_helpers.ts";
import { Client, ElicitRequestSchema, StreamableHTTPClientTransport } from "./_mcp.ts";

const TOKEN = "s3cret-token-for-tests";
const emptyEc2 = { ec2: { describeVpcs: () => ({ Vpcs: [{ VpcId: "vpc-1", IsDefault: true }] }) } };

function start(token: string = TOKEN, lines: string[] = []) {
  const factory = serverFactory(defaultConfig(), { aws: stubAws(emptyEc2) });
  const endpoint = serveHttp(factory, {
    host: "127.0.0.1",
    port: 0,
    token,
    bodyTimeoutMs: 300,
    log: (line) => lines.push(line),
  });
  return { endpoint, url: `http://127.0.0.1:${endpoint.addr.port}`, lines };
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/mcp`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      authorization: `Bearer ${TOKEN}`,
      ...headers,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** A POST with a Host header of our choosing (fetch always sends the real one); its status. */
async function rawStatus(port: number, host: string): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const body = new TextEncoder().encode(initialize);
  const head = [
    "POST /mcp HTTP/1.1",
    `Host: ${host}`,
    `Authorization: Bearer ${TOKEN}`,
    "Content-Type: application/json",
    "Accept: application/json, text/event-stream",
    `Content-Length: ${body.length}`,
    "Connection: close",
    "",
    "",
  ].join("\r\n");
  await conn.write(new TextEncoder().encode(head));
  await conn.write(body);
  const buffer = new Uint8Array(64);
  const n = await conn.read(buffer);
  conn.close();
  return Number(new TextDecoder().decode(buffer.subarray(0, n ?? 0)).split(" ")[1]);
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

Deno.test("an MCP client lists and calls tools over stateless Streamable HTTP with the token", async () => {
  const { endpoint, url } = start();
  const client = new Client({ name: "http-test", version: "0" });
  try {
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
      }),
    );
    equal(client.getServerVersion()?.name, "aws-mcp");
    const { tools } = await client.listTools() as ListToolsResult;
    ok(tools.some((t) => t.name === "vpc_list_vpcs"));
    const result = await client.callTool({
      name: "vpc_list_vpcs",
      arguments: {},
    }) as CallToolResult;
    equal(result.isError, undefined, text(result));
    deepEqual((result.structuredContent as { vpcs: { id: string }[] }).vpcs.map((v) => v.id), [
      "vpc-1",
    ]);
  } finally {
    await client.close();
    await endpoint.shutdown();
  }
});

Deno.test("a missing or wrong token gets 401 saying so, and nothing about the token", async () => {
  const { endpoint, url } = start();
  try {
    const missing = await post(url, initialize, { authorization: "" });
    const wrong = await post(url, initialize, { authorization: "Bearer nope" });
    const almost = await post(url, initialize, { authorization: `Bearer ${TOKEN}x` });
    for (const r of [missing, wrong, almost]) {
      equal(r.status, 401);
      ok(!r.text.includes(TOKEN), r.text);
      match(r.text, /Unauthorized: missing or wrong bearer token/);
    }
    equal(missing.text, wrong.text, "a missing and a wrong token look the same");
    equal((await post(url, initialize)).status, 200);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a 10 MB body is refused with 413, and /healthz answers without a token", async () => {
  const { endpoint, url } = start();
  try {
    const huge = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "ping",
      params: { pad: "x".repeat(10_000_000) },
    });
    const refused = await post(url, huge);
    equal(refused.status, 413);
    match(refused.text, /Payload too large/);
    const health = await fetch(`${url}/healthz`);
    equal(health.status, 200);
    equal(await health.text(), "ok\n");
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a foreign Origin or Host is refused with 403 (DNS rebinding)", async () => {
  const { endpoint, url } = start();
  try {
    equal((await post(url, initialize, { origin: "http://evil.example" })).status, 403);
    equal(await rawStatus(endpoint.addr.port, "evil.example"), 403);
    equal(await rawStatus(endpoint.addr.port, `localhost:${endpoint.addr.port}`), 200);
    equal(
      (await post(url, initialize, { origin: `http://localhost:${endpoint.addr.port}` })).status,
      200,
    );
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("GET and DELETE are 405 on a stateless server; other paths 404", async () => {
  const { endpoint, url } = start();
  try {
    for (const method of ["GET", "DELETE"]) {
      const r = await fetch(`${url}/mcp`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      await r.body?.cancel();
      equal(r.status, 405);
    }
    const other = await fetch(`${url}/other`);
    await other.body?.cancel();
    equal(other.status, 404);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("OAuth discovery paths answer a plain 404 that OAuth-aware clients read as no OAuth", async () => {
  const { endpoint, url } = start();
  try {
    for (
      const path of [
        "/.well-known/oauth-protected-resource",
        "/.well-known/oauth-protected-resource/mcp",
        "/.well-known/oauth-authorization-server",
        "/.well-known/openid-configuration",
        "/register",
      ]
    ) {
      for (const method of ["GET", "POST"]) {
        const r = await fetch(`${url}${path}`, {
          method,
          ...(method === "POST" ? { body: "{}" } : {}),
        });
        equal(r.status, 404, `${method} ${path}`);
        equal(r.headers.get("content-type"), "text/plain");
        equal(await r.text(), "Not found\n");
      }
    }
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("the server logs one line per request and one more per refusal", async () => {
  const { endpoint, url, lines } = start();
  try {
    await post(url, initialize);
    await post(url, initialize, { authorization: "Bearer nope" });
    await (await fetch(`${url}/register`)).body?.cancel();
    equal(lines.length, 5, lines.join("\n"));
    match(lines[0]!, /^aws-mcp http: POST \/mcp 200 \d+ms initialize from 127\.0\.0\.1$/);
    match(lines[1]!, /^aws-mcp http: POST \/mcp 401 /);
    match(
      lines[2]!,
      /^aws-mcp http: refused POST \/mcp from 127\.0\.0\.1: missing or wrong bearer token$/,
    );
    match(lines[3]!, /^aws-mcp http: GET \/register 404 /);
    match(lines[4]!, /^aws-mcp http: refused GET \/register from 127\.0\.0\.1: not found$/);
    ok(!lines.join("\n").includes("nope"), "the given token is never logged");
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a body that stops half way is refused with 408 instead of holding the request", async () => {
  const { endpoint } = start();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: endpoint.addr.port });
  try {
    const head = [
      "POST /mcp HTTP/1.1",
      "Host: 127.0.0.1",
      `Authorization: Bearer ${TOKEN}`,
      "Content-Type: application/json",
      "Content-Length: 1000",
      "",
      '{"jsonrpc":',
    ].join("\r\n");
    await conn.write(new TextEncoder().encode(head));
    const buffer = new Uint8Array(64);
    const n = await conn.read(buffer);
    match(new TextDecoder().decode(buffer.subarray(0, n ?? 0)), /^HTTP\/1\.1 408/);
  } finally {
    conn.close();
    await endpoint.shutdown();
  }
});

Deno.test("over stateless HTTP a destructive call asks the human; method not found counts as cancelled", async () => {
  const { acted, deleteThing } = fakeTools();
  const factory = serverFactory({ ...defaultConfig(), allowDestructive: true }, {
    aws: stubAws({}),
    inventory: [deleteThing],
  });
  const endpoint = serveHttp(factory, { host: "127.0.0.1", port: 0, token: TOKEN });
  const url = new URL(`http://127.0.0.1:${endpoint.addr.port}/mcp`);
  try {
    const cases = [["accept", "accepted"], ["decline", "declined"], [
      undefined,
      "cancelled",
    ]] as const;
    for (const [action, expected] of cases) {
      // The last client cannot elicit: it answers "method not found", which counts as cancelled.
      const client = new Client(
        { name: "asker", version: "0" },
        action ? { capabilities: { elicitation: {} } } : {},
      );
      const asked: string[] = [];
      if (action) {
        client.setRequestHandler(ElicitRequestSchema, (request, extra) => {
          asked.push(request.params.message);
          // The question's id carries 128 random bits: no one else can guess it to answer.
          match(String(extra.requestId), /^aws-mcp-[0-9a-f]{32}$/);
          return { action, ...(action === "accept" ? { content: { confirm: true } } : {}) };
        });
      }
      await client.connect(
        new StreamableHTTPClientTransport(url, {
          requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
        }),
      );
      const result = await client.callTool({
        name: "ec2_delete_thing",
        arguments: { id: `t-${action}` },
      }) as CallToolResult;
      equal(result.isError, undefined, text(result));
      equal((result.structuredContent as { confirmation: string }).confirmation, expected);
      deepEqual(
        asked,
        action ? [`Delete thing t-${action} in us-east-1. This cannot be undone.`] : [],
      );
      await client.close();
    }
    deepEqual(acted, ["delete t-accept"]);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("the bearer scheme is accepted in any case (RFC 7235)", async () => {
  const { endpoint, url } = start();
  try {
    for (const scheme of ["bearer", "BEARER", "Bearer"]) {
      equal((await post(url, initialize, { authorization: `${scheme} ${TOKEN}` })).status, 200);
    }
    equal((await post(url, initialize, { authorization: `Basic ${TOKEN}` })).status, 401);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("HTTP refuses to serve without a token", () => {
  const factory = serverFactory(defaultConfig(), { aws: stubAws({}) });
  throws(
    () => serveHttp(factory, { host: "127.0.0.1", port: 0, token: undefined }),
    /HTTP requires a bearer token/,
  );
});

Deno.test("a JSON-RPC batch body is refused and none of its calls reach AWS", async () => {
  const aws = stubAws(emptyEc2);
  const factory = serverFactory(defaultConfig(), { aws });
  const endpoint = serveHttp(factory, { host: "127.0.0.1", port: 0, token: TOKEN });
  const url = `http://127.0.0.1:${endpoint.addr.port}`;
  try {
    const calls = Array.from({ length: 100 }, (_, i) => ({
      jsonrpc: "2.0",
      id: i + 1,
      method: "tools/call",
      params: { name: "vpc_list_vpcs", arguments: { regions: ["all"] } },
    }));
    const refused = await post(url, JSON.stringify([JSON.parse(initialize), ...calls]));
    equal(refused.status, 400);
    match(refused.text, /JSON-RPC batches are not accepted/);
    deepEqual(aws.calls, []);
  } finally {
    await endpoint.shutdown();
  }
});
