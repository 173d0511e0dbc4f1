import { equal, match, ok } from "node:assert/strict";
import { defaultConfig } from "../server/config.ts";
import { type HttpOptions, serveHttp } from "../server/http.ts";
import { serverFactory } from "../server/server.ts";
import { stubAws } from "./_helpers.ts";

// Idle, half-sent and surplus connections are closed by the endpoint itself, so that slow or
// silent clients cannot hold connections (and file descriptors) open. Limits are shortened here.
const TOKEN = "s3cret-token-for-tests";
const vpcs = { ec2: { describeVpcs: () => ({ Vpcs: [{ VpcId: "vpc-1", IsDefault: true }] }) } };

function start(options: Partial<HttpOptions> = {}, clients: Parameters<typeof stubAws>[0] = vpcs) {
  const lines: string[] = [];
  const endpoint = serveHttp(serverFactory(defaultConfig(), { aws: stubAws(clients) }), {
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    headerTimeoutMs: 300,
    bodyTimeoutMs: 300,
    idleTimeoutMs: 400,
    log: (line) => lines.push(line),
    ...options,
  });
  return { endpoint, port: endpoint.addr.port, lines };
}

const encode = (text: string) => new TextEncoder().encode(text);

/** A raw POST /mcp of `body` (its Content-Length declared as `length`, default its own). */
function request(body: string, length = encode(body).length): string {
  return [
    "POST /mcp HTTP/1.1",
    "Host: 127.0.0.1",
    `Authorization: Bearer ${TOKEN}`,
    "Content-Type: application/json",
    "Accept: application/json, text/event-stream",
    `Content-Length: ${length}`,
    "",
    body,
  ].join("\r\n");
}

const listVpcs = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "tools/call",
  params: { name: "vpc_list_vpcs", arguments: {} },
});

/** vpc_list_vpcs through fetch, as a well-behaved client sends it. */
function listVpcsOver(port: number): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: listVpcs,
  });
}

/** Reads until the server closes the connection (or `withinMs` passes): what came, and when. */
async function readToClose(conn: Deno.Conn, withinMs: number) {
  const started = performance.now();
  let text = "";
  const buffer = new Uint8Array(4096);
  const timer = setTimeout(() => conn.close(), withinMs);
  let closedByServer = false;
  try {
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) {
        closedByServer = true;
        break;
      }
      text += new TextDecoder().decode(buffer.subarray(0, n));
    }
  } catch {
    // closed by our own timer
  } finally {
    clearTimeout(timer);
  }
  if (closedByServer) conn.close();
  return { text, closedByServer, afterMs: performance.now() - started };
}

Deno.test("a connection that sends nothing is closed after the header timeout", async () => {
  const { endpoint, port, lines } = start();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const { closedByServer, afterMs } = await readToClose(conn, 5_000);
    ok(closedByServer, "the server kept a silent connection open");
    ok(afterMs >= 250 && afterMs < 2_500, `closed after ${afterMs} ms`);
    ok(
      lines.some((l) => /closed a connection from 127\.0\.0\.1: no request within 300 ms/.test(l)),
    );
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("headers trickled a byte at a time are cut off at the header timeout", async () => {
  const { endpoint, port, lines } = start();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(encode("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    // Slowloris: always a little more, never the end of the header block.
    let dripping = true;
    const drip = (async () => {
      while (dripping) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        await conn.write(encode("x")).catch(() => (dripping = false));
      }
    })();
    const { closedByServer, afterMs } = await readToClose(conn, 5_000);
    dripping = false;
    await drip;
    ok(closedByServer, "a trickling client held the connection");
    ok(afterMs < 2_500, `closed after ${afterMs} ms`);
    ok(lines.some((l) => l.includes("headers not received within 300 ms")), lines.join("\n"));
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("half a body gets 408 and then the connection is closed", async () => {
  const { endpoint, port, lines } = start();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(encode(request('{"jsonrpc":', 1000)));
    const { text, closedByServer, afterMs } = await readToClose(conn, 5_000);
    match(text, /^HTTP\/1\.1 408/);
    ok(closedByServer, "the connection stayed open after the 408");
    ok(afterMs < 3_000, `closed after ${afterMs} ms`);
    ok(lines.some((l) => l.includes("body not received within 300 ms")), lines.join("\n"));
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a kept-alive connection serves requests, then closes once idle", async () => {
  const { endpoint, port, lines } = start();
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    // Two requests on one connection, the second after a pause shorter than the idle limit.
    const buffer = new Uint8Array(65536);
    for (const pause of [0, 200]) {
      await new Promise((resolve) => setTimeout(resolve, pause));
      await conn.write(encode(request(listVpcs)));
      let answer = "";
      while (!answer.includes("vpc-1")) {
        const n = await conn.read(buffer);
        ok(n !== null, `closed before the answer: ${answer}`);
        answer += new TextDecoder().decode(buffer.subarray(0, n));
      }
      match(answer, /^HTTP\/1\.1 200/);
    }
    const { closedByServer, afterMs } = await readToClose(conn, 5_000);
    ok(closedByServer, "an idle kept-alive connection stayed open");
    ok(afterMs >= 300 && afterMs < 2_500, `closed after ${afterMs} ms`);
    ok(lines.some((l) => l.includes("idle for 400 ms")), lines.join("\n"));
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a call that takes longer than the idle limit is not cut off", async () => {
  const slow = {
    ec2: {
      describeVpcs: async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return { Vpcs: [{ VpcId: "vpc-slow", IsDefault: true }] };
      },
    },
  };
  const { endpoint, port } = start({}, slow);
  try {
    const response = await listVpcsOver(port);
    equal(response.status, 200);
    match(await response.text(), /vpc-slow/);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("a chunked request body is relayed whole", async () => {
  const { endpoint, port } = start();
  try {
    const parts = [listVpcs.slice(0, 20), listVpcs.slice(20)];
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const chunked = parts.map((p) => `${encode(p).length.toString(16)}\r\n${p}\r\n`).join("") +
      "0\r\n\r\n";
    await conn.write(encode(
      [
        "POST /mcp HTTP/1.1",
        "Host: 127.0.0.1",
        `Authorization: Bearer ${TOKEN}`,
        "Content-Type: application/json",
        "Accept: application/json, text/event-stream",
        "Transfer-Encoding: chunked",
        "Connection: close",
        "",
        chunked,
      ].join("\r\n"),
    ));
    const { text, closedByServer } = await readToClose(conn, 5_000);
    ok(closedByServer);
    match(text, /^HTTP\/1\.1 200/);
    match(text, /vpc-1/);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("connections beyond the bound are closed on arrival; the endpoint keeps serving", async () => {
  const { endpoint, port, lines } = start({ maxConnections: 2, headerTimeoutMs: 600 });
  const held = [
    await Deno.connect({ hostname: "127.0.0.1", port }),
    await Deno.connect({ hostname: "127.0.0.1", port }),
  ];
  try {
    const third = await Deno.connect({ hostname: "127.0.0.1", port });
    const { closedByServer, afterMs } = await readToClose(third, 5_000);
    ok(closedByServer && afterMs < 300, `surplus connection closed after ${afterMs} ms`);
    ok(lines.some((l) => l.includes("more than 2 connections open")));
    // Once the silent ones are timed out, a real client gets in.
    for (const conn of held) await readToClose(conn, 5_000);
    const response = await listVpcsOver(port);
    equal(response.status, 200);
    match(await response.text(), /vpc-1/);
  } finally {
    await endpoint.shutdown();
  }
});

Deno.test("the log line names the client's address, not the relay's", async () => {
  const { endpoint, port, lines } = start();
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    await response.text();
    ok(lines.some((l) => /GET \/healthz 200 \d+ms - from 127\.0\.0\.1$/.test(l)), lines.join("\n"));
  } finally {
    await endpoint.shutdown();
  }
});
