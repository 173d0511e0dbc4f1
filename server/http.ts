/**
 * MCP over Streamable HTTP, stateless: every POST gets a fresh MCP server from one shared
 * factory, so any number of replicas behind a load balancer can serve one client. 2026-07-28
 * requests go to the SDK's Web-standard handler; 2025-era ones to a stateless transport of our
 * own, which can route a client's answer to a question back to the server that asked.
 */
import {
  createMcpHandler,
  isLegacyRequest,
  type JSONRPCMessage,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import { isLoopback } from "./config.ts";
import { type ConnectionGuard, guardConnections } from "./conn_guard.ts";
import type { ServerFactory } from "./server.ts";

/** How the HTTP endpoint listens and whom it lets in. */
export interface HttpOptions {
  host: string;
  port: number;
  /** Bearer token every /mcp request must carry; serveHttp refuses to start without one. */
  token: string | undefined;
  /** Serve without a token: only for test harnesses that cannot send one (the conformance suite). */
  allowUnauthenticated?: boolean;
  /** Origins (scheme://host[:port]) a browser may call from, besides loopback ones. */
  allowedOrigins?: readonly string[];
  /** Request bodies above this are refused with 413 (default 1 MiB). */
  maxBodyBytes?: number;
  /** A body not fully received within this is refused with 408 (default 30 s). */
  bodyTimeoutMs?: number;
  /** A header block not received within this of its first byte (or of connecting) closes the connection (default 10 s). */
  headerTimeoutMs?: number;
  /** A connection idle this long between requests is closed (default 60 s). */
  idleTimeoutMs?: number;
  /** Connections open at once; more are closed on arrival (default 256). */
  maxConnections?: number;
  /** Where the one line per request and per refusal goes (default: stderr). */
  log?: (line: string) => void;
  onListen?: (addr: Deno.NetAddr) => void;
}

/** A running endpoint. */
export interface HttpEndpoint {
  addr: Deno.NetAddr;
  /** Stops accepting connections and waits for in-flight requests to finish. */
  shutdown(): Promise<void>;
  finished: Promise<void>;
}

function jsonRpcError(
  status: number,
  code: number,
  message: string,
  headers: HeadersInit = {},
): Response {
  return new Response(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares secrets in time independent of where they differ (both hashed to equal length). */
export async function sameSecret(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([digest(given), digest(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Reads at most `limit` bytes of the body within `timeoutMs`; "large" or "slow" otherwise. */
async function readLimited(
  request: Request,
  limit: number,
  timeoutMs: number,
): Promise<string | "large" | "slow"> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return "large";
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A client that sends half a body and stalls must not hold the request open forever.
  const late = new Promise<"slow">((
    resolve,
  ) => (timer = setTimeout(() => resolve("slow"), timeoutMs)));
  for (;;) {
    const next = await Promise.race([reader.read(), late]);
    if (next === "slow") {
      await reader.cancel().catch(() => {});
      return "slow";
    }
    const { done, value } = next;
    if (done) break;
    size += value.length;
    if (size > limit) {
      clearTimeout(timer);
      await reader.cancel();
      return "large";
    }
    chunks.push(value);
  }
  clearTimeout(timer);
  const bytes = new Uint8Array(size);
  chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.length), 0);
  return new TextDecoder().decode(bytes);
}

/**
 * DNS-rebinding protection: on loopback the Host header must name loopback; a browser's Origin
 * must be loopback, the request's own host, or explicitly allowed.
 */
function refuseForeign(request: Request, options: HttpOptions): Response | undefined {
  const hostHeader = request.headers.get("host") ?? "";
  const hostName = hostHeader.replace(/:\d+$/, "");
  if (isLoopback(options.host) && !isLoopback(hostName)) {
    return jsonRpcError(403, -32000, "Forbidden: Host header is not this server's");
  }
  const origin = request.headers.get("origin");
  if (!origin) return undefined;
  let originUrl: URL;
  try {
    originUrl = new URL(origin);
  } catch {
    return jsonRpcError(403, -32000, "Forbidden: malformed Origin");
  }
  const allowed = isLoopback(originUrl.hostname) ||
    originUrl.host === hostHeader && !isLoopback(options.host) ||
    (options.allowedOrigins ?? []).includes(originUrl.origin);
  return allowed ? undefined : jsonRpcError(403, -32000, "Forbidden: Origin not allowed");
}

type Message = { jsonrpc: "2.0"; id?: string | number; method?: string; [key: string]: unknown };
type Transport = WebStandardStreamableHTTPServerTransport;

/**
 * Server→client requests in flight (a destructive call asking the human), by a random 128-bit
 * id. The client answers with a new POST, which a stateless endpoint would hand to a fresh
 * server that knows nothing of the question; it is routed back to the asking server instead,
 * and only when it comes with the credentials of the request that asked.
 * (Across replicas this needs the load balancer to keep a client on one replica; 2026-era
 * clients need nothing of the kind: their answer comes with the retried call.)
 */
const awaiting = new Map<string, { transport: Transport; id: string | number; asker: string }>();

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `aws-mcp-${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

function routeAnswersBack(transport: Transport, asker: string): void {
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    const m = message as Message;
    if (m.method !== undefined && m.id !== undefined) {
      const routed = randomId();
      awaiting.set(routed, { transport, id: m.id, asker });
      return send({ ...m, id: routed } as JSONRPCMessage, options);
    }
    return send(message, options);
  };
}

/** Delivers an answer to a question this process asked; true when the body was such an answer. */
function deliverAnswer(body: unknown, asker: string): boolean {
  const m = body as Message;
  if (
    !m || typeof m !== "object" || m.method !== undefined || !("result" in m || "error" in m) ||
    typeof m.id !== "string"
  ) {
    return false;
  }
  const target = awaiting.get(m.id);
  if (!target || target.asker !== asker) return false;
  awaiting.delete(m.id);
  target.transport.onmessage?.({ ...m, id: target.id } as JSONRPCMessage);
  return true;
}

function forget(transport: Transport): void {
  for (const [id, entry] of awaiting) if (entry.transport === transport) awaiting.delete(id);
}

/** The token of an `Authorization: Bearer …` header, the scheme in any case (RFC 7235). */
export function bearerToken(header: string | null): string {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1] ?? "";
}

const plainNotFound = () =>
  // Plain, not JSON-RPC: OAuth-aware clients probe /.well-known/oauth-* and /register, and a
  // JSON body there reads to them as broken metadata rather than "no OAuth here".
  new Response("Not found\n", { status: 404, headers: { "content-type": "text/plain" } });

/** The JSON-RPC methods (and tool names) of a body, for the request's log line. */
function describeBody(body: unknown): string {
  const messages = (Array.isArray(body) ? body : [body]) as Message[];
  return messages.slice(0, 5).map((m) => {
    const tool = m?.method === "tools/call" ? (m.params as { name?: unknown })?.name : undefined;
    const name = typeof m?.method === "string" ? m.method.slice(0, 40) : "response";
    return typeof tool === "string" ? `${name}:${tool.slice(0, 48)}` : name;
  }).join(",");
}

/** Serves MCP at /mcp and a health check at /healthz until shut down. */
export function serveHttp(makeServer: ServerFactory, options: HttpOptions): HttpEndpoint {
  if (!options.token && !options.allowUnauthenticated) {
    throw new Error(
      "HTTP requires a bearer token: give --http-token-file, or let one be generated",
    );
  }
  const maxBody = options.maxBodyBytes ?? 1_048_576;
  const bodyTimeout = options.bodyTimeoutMs ?? 30_000;
  const log = options.log ?? ((line: string) => console.error(line));
  // 2026-07-28 traffic: a fresh server per request; 2025-era traffic is routed below instead.
  const modern = createMcpHandler(makeServer, { legacy: "reject", maxRequestBodySize: maxBody });
  const handle = async (
    request: Request,
    path: string,
    note: { what: string; refused?: string },
    completed: Promise<void>,
  ): Promise<Response> => {
    const refuse = (reason: string, response: Response) => {
      note.refused = reason;
      return response;
    };
    if (path === "/healthz") {
      return new Response("ok\n", { headers: { "content-type": "text/plain" } });
    }
    if (path !== "/mcp") return refuse("not found", plainNotFound());
    const foreign = refuseForeign(request, options);
    if (foreign) return refuse("foreign Host or Origin", foreign);
    const given = bearerToken(request.headers.get("authorization"));
    if (options.token && !(await sameSecret(given, options.token))) {
      // A wrong token and a missing one look the same.
      return refuse(
        "missing or wrong bearer token",
        jsonRpcError(401, -32001, "Unauthorized: missing or wrong bearer token", {
          "www-authenticate": 'Bearer realm="aws-mcp"',
        }),
      );
    }
    if (request.method !== "POST") {
      return refuse(
        "not POST",
        jsonRpcError(405, -32000, "Method not allowed: this stateless server takes POST only", {
          allow: "POST",
        }),
      );
    }
    const body = await readLimited(request, maxBody, bodyTimeout);
    if (body === "large") {
      return refuse(
        "body too large",
        jsonRpcError(413, -32000, `Payload too large: at most ${maxBody} bytes`),
      );
    }
    if (body === "slow") {
      return refuse(
        "body not received in time",
        jsonRpcError(
          408,
          -32000,
          `Request timeout: the body did not arrive within ${bodyTimeout} ms`,
        ),
      );
    }
    let parsedBody: unknown;
    try {
      parsedBody = JSON.parse(body);
    } catch {
      return refuse(
        "body is not JSON",
        jsonRpcError(400, -32700, "Parse error: the body is not JSON"),
      );
    }
    if (Array.isArray(parsedBody)) {
      // Batching left the protocol in 2025-06-18; one batch could fan out into thousands of calls.
      return refuse(
        "batch",
        jsonRpcError(
          400,
          -32600,
          "Invalid Request: JSON-RPC batches are not accepted; send one message per POST",
        ),
      );
    }
    note.what = describeBody(parsedBody);
    if (!(await isLegacyRequest(request, parsedBody))) {
      // The SDK's handler ends a call whose client closes the response stream (2026 cancellation).
      return await modern.fetch(request, { parsedBody });
    }
    // An answer is accepted only from a client holding the credentials of the request that asked.
    const asker = given;
    if (deliverAnswer(parsedBody, asker)) return new Response(null, { status: 202 });
    const server = makeServer({ era: "legacy" });
    // No session id generator: stateless, so any replica can answer any request.
    const transport = new WebStandardStreamableHTTPServerTransport({});
    routeAnswersBack(transport, asker);
    // Once the answer (an SSE stream while the call runs) has been sent, or the client went away
    // before that, this request's server closes, aborting the signal of every call it runs: they
    // stop making AWS requests. (`completed`, not request.signal, which Deno also aborts after a
    // successful response.)
    void completed.catch(() => {}).finally(() => {
      forget(transport);
      void server.close();
    });
    await server.connect(transport);
    return await transport.handleRequest(request, { parsedBody });
  };
  const handler = async (request: Request, info: Deno.ServeHandlerInfo): Promise<Response> => {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    const note: { what: string; refused?: string } = { what: "-" };
    // The request came through the connection guard; it knows the client's address.
    const connection = guard.request(info.remoteAddr);
    info.completed.catch(() => {}).finally(() => connection.done());
    const response = await handle(request, path, note, info.completed);
    const from = connection.from;
    const where = `${request.method} ${path.slice(0, 80)}`;
    log(
      `aws-mcp http: ${where} ${response.status} ${
        Math.round(performance.now() - started)
      }ms ${note.what} from ${from}`,
    );
    if (note.refused) log(`aws-mcp http: refused ${where} from ${from}: ${note.refused}`);
    return response;
  };
  // Deno.serve has no connection timeouts: it listens privately on loopback, and the public
  // port is a relay that closes idle and half-sent connections (server/conn_guard.ts).
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  const limits = {
    headerTimeoutMs: options.headerTimeoutMs ?? 10_000,
    bodyTimeoutMs: bodyTimeout,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxConnections: options.maxConnections ?? 256,
  };
  const listen = { hostname: options.host, port: options.port };
  let guard: ConnectionGuard;
  try {
    guard = guardConnections(listen, (server.addr as Deno.NetAddr).port, limits, log);
  } catch (err) {
    void server.shutdown(); // e.g. the public port is taken: nothing may stay listening
    throw err;
  }
  options.onListen?.(guard.addr);
  return {
    addr: guard.addr,
    shutdown: async () => {
      guard.stopAccepting();
      await server.shutdown();
      // What the server wrote before it stopped still has to pass through the relay.
      await guard.drain(5_000);
    },
    finished: server.finished,
  };
}
