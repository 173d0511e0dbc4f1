/**
 * Connection timeouts for the HTTP endpoint. Deno.serve has none: a client that connects and
 * sends nothing, or half its headers, or half its body, holds the connection (and a file
 * descriptor) for as long as it likes. So the public port is a small TCP relay in front of a
 * Deno.serve bound to a private loopback port. The relay follows each request's framing (header
 * block, then a Content-Length or chunked body) without changing a byte, and closes a connection
 * that sends no complete header block in time, does not finish its body in time, or sits idle
 * between requests while no response is being written. Connections beyond a bound are refused.
 */

/** The limits a guarded connection lives by (milliseconds). */
export interface GuardLimits {
  /** From connecting, or from a request's first byte, until its header block is complete. */
  headerTimeoutMs: number;
  /** From the end of the headers until the end of the body; the server answers 408 first. */
  bodyTimeoutMs: number;
  /** Between requests, with no response being written. */
  idleTimeoutMs: number;
  /** Connections open at once; more are closed on arrival. */
  maxConnections: number;
}

/** What a request handler learns from the relay about the connection it came on. */
export interface GuardedRequest {
  /** The client's address (the request itself arrives from the relay's loopback socket). */
  from: string;
  /** Call when the response has been sent or abandoned: the idle clock starts again. */
  done(): void;
}

/** A running relay. */
export interface ConnectionGuard {
  addr: Deno.NetAddr;
  /** The connection a request received by the private server came on. */
  request(remote: Deno.Addr): GuardedRequest;
  /** Stops accepting connections. */
  stopAccepting(): void;
  /**
   * Waits up to `ms` for the connections still open to finish relaying what the server sent
   * (call after the server has shut down), then closes the rest.
   */
  drain(ms: number): Promise<void>;
}

const MAX_HEADER_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 4 * 1024;
const latin1 = new TextDecoder("latin1");

/**
 * Follows HTTP/1.1 request framing on the bytes a client sends, to know whether the connection
 * is between requests, inside a header block, or inside a body. False from `feed` means the
 * framing is broken (the private server would refuse it anyway).
 */
export class RequestFraming {
  /** "start": before the first byte of the next request; "opaque": HTTP/2 prior knowledge. */
  phase: "start" | "head" | "body" | "chunked" | "opaque" = "start";
  /** When the current phase's clock started. */
  since: number;
  private head = "";
  private remaining = 0;
  private chunk: "size" | "data" | "crlf" | "trailer" = "size";
  private line = "";

  constructor(now: number) {
    this.since = now;
  }

  feed(bytes: Uint8Array, now: number): boolean {
    let i = 0;
    while (i < bytes.length) {
      if (this.phase === "opaque") return true;
      if (this.phase === "start") {
        // Stray CRLFs between requests are allowed (RFC 9112 §2.2).
        while (i < bytes.length && (bytes[i] === 13 || bytes[i] === 10)) i++;
        if (i === bytes.length) return true;
        this.phase = "head";
        this.since = now;
      }
      if (this.phase === "head") {
        const text = this.head + latin1.decode(bytes.subarray(i));
        const end = text.indexOf("\r\n\r\n", Math.max(0, this.head.length - 3));
        if (end < 0) {
          this.head = text;
          if (text.length > MAX_HEADER_BYTES) return false;
          return true;
        }
        i += end + 4 - this.head.length;
        this.head = "";
        if (!this.startBody(text.slice(0, end), now)) return false;
        continue;
      }
      if (this.phase === "body" || this.chunk === "data") {
        const take = Math.min(this.remaining, bytes.length - i);
        this.remaining -= take;
        i += take;
        if (this.remaining > 0) continue;
        if (this.phase === "body") this.finish(now);
        else this.chunk = "crlf";
        continue;
      }
      // A line of the chunked encoding: a size, the CRLF after data, or a trailer.
      const newline = bytes.indexOf(10, i);
      const upTo = newline < 0 ? bytes.length : newline;
      this.line += latin1.decode(bytes.subarray(i, upTo));
      if (this.line.length > MAX_LINE_BYTES) return false;
      if (newline < 0) return true;
      i = newline + 1;
      const line = this.line.replace(/\r$/, "");
      this.line = "";
      if (this.chunk === "crlf") {
        if (line !== "") return false;
        this.chunk = "size";
      } else if (this.chunk === "size") {
        const size = /^([0-9a-fA-F]{1,12})[ \t]*(;.*)?$/.exec(line);
        if (!size) return false;
        this.remaining = parseInt(size[1]!, 16);
        this.chunk = this.remaining === 0 ? "trailer" : "data";
      } else if (line === "") {
        this.finish(now);
      }
    }
    return true;
  }

  /** Reads the framing of a complete header block; false when it is malformed. */
  private startBody(block: string, now: number): boolean {
    if (block.startsWith("PRI * HTTP/2.0")) {
      this.phase = "opaque";
      return true;
    }
    const lengths = [...block.matchAll(/^content-length:[ \t]*(.*?)[ \t]*$/gim)].map((m) => m[1]);
    const chunked = /^transfer-encoding:.*chunked[ \t]*$/im.test(block);
    this.since = now;
    if (chunked) {
      this.phase = "chunked";
      this.chunk = "size";
      return true;
    }
    if (lengths.length === 0) {
      this.finish(now);
      return true;
    }
    if (new Set(lengths).size !== 1 || !/^\d{1,15}$/.test(lengths[0]!)) return false;
    this.remaining = Number(lengths[0]);
    if (this.remaining === 0) this.finish(now);
    else this.phase = "body";
    return true;
  }

  private finish(now: number): void {
    this.phase = "start";
    this.since = now;
  }
}

interface Tracked {
  client: Deno.Conn;
  upstream: Deno.Conn | undefined;
  from: string;
  framing: RequestFraming;
  /** Responses being written on this connection. */
  busy: number;
  /** Last byte in either direction, or the end of the last response. */
  active: number;
  /** True until the first request's first byte: the header clock runs from connecting. */
  fresh: boolean;
  closed: boolean;
}

/** Why a connection must close now, or undefined while it is within its limits. */
export function overdue(
  c: { framing: RequestFraming; busy: number; active: number; fresh: boolean },
  limits: GuardLimits,
  now: number,
): string | undefined {
  const { phase, since } = c.framing;
  if (phase === "head" && now - since > limits.headerTimeoutMs) {
    return `headers not received within ${limits.headerTimeoutMs} ms`;
  }
  if ((phase === "body" || phase === "chunked") && now - since > limits.bodyTimeoutMs + 1_000) {
    return `body not received within ${limits.bodyTimeoutMs} ms`;
  }
  if (phase === "start" && c.fresh && now - since > limits.headerTimeoutMs) {
    return `no request within ${limits.headerTimeoutMs} ms of connecting`;
  }
  const between = (phase === "start" && !c.fresh) || phase === "opaque";
  if (between && c.busy === 0 && now - c.active > limits.idleTimeoutMs) {
    return `idle for ${limits.idleTimeoutMs} ms`;
  }
  return undefined;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/**
 * Listens on `hostname:port` and relays each connection to the private server on
 * 127.0.0.1:`upstreamPort`, within `limits`. `log` gets one line per connection it closes.
 */
export function guardConnections(
  listen: { hostname: string; port: number },
  upstreamPort: number,
  limits: GuardLimits,
  log: (line: string) => void,
): ConnectionGuard {
  const listener = Deno.listen({ hostname: listen.hostname, port: listen.port });
  const open = new Set<Tracked>();
  const relays = new Set<Promise<void>>();
  /** By the relay's own port towards the private server, which is what that server sees. */
  const byPort = new Map<number, Tracked>();
  const close = (c: Tracked, why?: string) => {
    if (c.closed) return;
    c.closed = true;
    open.delete(c);
    if (c.upstream) byPort.delete((c.upstream.localAddr as Deno.NetAddr).port);
    for (const conn of [c.client, c.upstream]) {
      try {
        conn?.close();
      } catch { /* already closed */ }
    }
    if (why) log(`aws-mcp http: closed a connection from ${c.from}: ${why}`);
  };
  const tick = Math.max(20, Math.min(1_000, limits.headerTimeoutMs / 4, limits.idleTimeoutMs / 4));
  const sweeper = setInterval(() => {
    const now = performance.now();
    for (const c of open) {
      const why = overdue(c, limits, now);
      if (why) close(c, why);
    }
  }, tick);

  const relay = async (c: Tracked) => {
    try {
      c.upstream = await Deno.connect({ hostname: "127.0.0.1", port: upstreamPort });
    } catch {
      return close(c);
    }
    if (c.closed) return close(c);
    const upstream = c.upstream;
    byPort.set((upstream.localAddr as Deno.NetAddr).port, c);
    const inbound = (async () => {
      const buffer = new Uint8Array(16 * 1024);
      for (;;) {
        const n = await c.client.read(buffer);
        if (n === null) break;
        const bytes = buffer.subarray(0, n);
        const now = performance.now();
        c.active = now;
        c.fresh = false;
        if (!c.framing.feed(bytes, now)) return close(c, "malformed request framing");
        await writeAll(upstream, bytes);
      }
      // The client is done sending; let the server finish answering.
      await upstream.closeWrite().catch(() => {});
    })();
    const outbound = (async () => {
      const buffer = new Uint8Array(16 * 1024);
      for (;;) {
        const n = await upstream.read(buffer);
        if (n === null) break;
        c.active = performance.now();
        await writeAll(c.client, buffer.subarray(0, n));
      }
    })();
    // A client that fails ends the connection; one that finishes sending still gets its answer.
    inbound.catch(() => close(c));
    await outbound.catch(() => {});
    close(c);
  };

  (async () => {
    for await (const client of listener) {
      const remote = client.remoteAddr as Deno.NetAddr;
      const now = performance.now();
      const c: Tracked = {
        client,
        upstream: undefined,
        from: remote.hostname,
        framing: new RequestFraming(now),
        busy: 0,
        active: now,
        fresh: true,
        closed: false,
      };
      if (open.size >= limits.maxConnections) {
        close(c, `more than ${limits.maxConnections} connections open`);
        continue;
      }
      open.add(c);
      const running = relay(c);
      relays.add(running);
      void running.finally(() => relays.delete(running));
    }
  })().catch(() => {}); // the listener was closed

  return {
    addr: listener.addr as Deno.NetAddr,
    request(remote) {
      const c = byPort.get((remote as Deno.NetAddr).port);
      if (!c) return { from: (remote as Deno.NetAddr).hostname, done: () => {} };
      c.busy++;
      let ended = false;
      return {
        from: c.from,
        done: () => {
          if (ended) return;
          ended = true;
          c.busy--;
          c.active = performance.now();
        },
      };
    },
    stopAccepting() {
      try {
        listener.close();
      } catch { /* already closed */ }
    },
    async drain(ms) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
      await Promise.race([Promise.all([...relays]), late]);
      clearTimeout(timer);
      clearInterval(sweeper);
      for (const c of [...open]) close(c);
    },
  };
}
