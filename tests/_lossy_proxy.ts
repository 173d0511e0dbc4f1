/**
 * A loopback proxy in front of an AWS endpoint (moto) that can lose answers: it forwards each
 * request, lets the backend act, and then, for the requests `drop` picks, closes the connection
 * without a byte of the answer — what a connection reset after AWS acted looks like to a client.
 * It records every request body that reached the backend, to count attempts and compare tokens.
 */

/** A running proxy. */
export interface LossyProxy {
  url: string;
  /** The body of every request forwarded to the backend, in order. */
  requests: string[];
  close(): Promise<void>;
}

const CRLF2 = new Uint8Array([13, 10, 13, 10]);

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Reads one HTTP/1.1 request (headers and a Content-Length body); undefined at EOF. */
async function readRequest(conn: Deno.Conn) {
  let buffer = new Uint8Array(0);
  const chunk = new Uint8Array(65_536);
  const more = async () => {
    const n = await conn.read(chunk);
    if (n === null) return false;
    const next = new Uint8Array(buffer.length + n);
    next.set(buffer);
    next.set(chunk.subarray(0, n), buffer.length);
    buffer = next;
    return true;
  };
  let end = -1;
  while ((end = indexOf(buffer, CRLF2)) < 0) if (!(await more())) return undefined;
  const head = new TextDecoder().decode(buffer.subarray(0, end)).split("\r\n");
  const [method, target] = head[0]!.split(" ");
  const headers = new Headers();
  for (const line of head.slice(1)) {
    const at = line.indexOf(":");
    headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  const length = Number(headers.get("content-length") ?? "0");
  while (buffer.length < end + 4 + length) if (!(await more())) return undefined;
  const body = new TextDecoder().decode(buffer.subarray(end + 4, end + 4 + length));
  return { method: method!, target: target!, headers, body };
}

/**
 * Starts a proxy to `backend`; `drop(body)` says which requests lose their answer, `delayMs`
 * holds every request that long before forwarding it (a slow AWS).
 */
export function startLossyProxy(
  backend: string,
  drop: (body: string) => boolean,
  options: { delayMs?: number } = {},
): LossyProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const requests: string[] = [];
  const open = new Set<Deno.Conn>();
  const serve = async (conn: Deno.Conn) => {
    open.add(conn);
    try {
      for (;;) {
        const request = await readRequest(conn);
        if (!request) return;
        const headers = new Headers(request.headers);
        for (const h of ["host", "content-length", "connection"]) headers.delete(h);
        requests.push(request.body);
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        const response = await fetch(`${backend}${request.target}`, {
          method: request.method,
          headers,
          ...(request.method === "GET" || request.method === "HEAD" ? {} : { body: request.body }),
        });
        const answer = new Uint8Array(await response.arrayBuffer());
        if (drop(request.body)) return; // the backend acted; its answer is lost
        const type = response.headers.get("content-type") ?? "text/xml";
        const head =
          `HTTP/1.1 ${response.status} ${response.statusText}\r\ncontent-type: ${type}\r\n` +
          `content-length: ${answer.length}\r\nconnection: keep-alive\r\n\r\n`;
        await conn.write(new TextEncoder().encode(head));
        await conn.write(answer);
      }
    } catch {
      // the client went away
    } finally {
      open.delete(conn);
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  };
  const accepting = (async () => {
    for await (const conn of listener) void serve(conn);
  })().catch(() => {});
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    requests,
    close: async () => {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await accepting;
    },
  };
}
