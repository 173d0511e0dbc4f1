/**
 * TLS test fixtures: a throwaway CA made with openssl for each test file, an HTTPS stand-in
 * that serves with a certificate from it (in front of moto, like AWS's real TLS endpoints), and
 * a CONNECT proxy that records which hosts it tunnelled to.
 */
import { forward } from "./_standin.ts";

/** A CA and a localhost server certificate signed by it, as PEM texts. */
export interface TestCa {
  caPem: string;
  certPem: string;
  keyPem: string;
}

async function openssl(dir: string, ...args: string[]): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd: dir, stdout: "null", stderr: "piped" })
    .output().catch((err) => {
      throw err instanceof Deno.errors.NotFound
        ? new Error("the TLS tests need openssl on PATH (e.g. apt-get install openssl)")
        : err;
    });
  if (!out.success) throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
}

/** Makes a fresh CA (valid one day) and a certificate for localhost and 127.0.0.1. */
export async function makeTestCa(): Promise<TestCa> {
  const dir = await Deno.makeTempDir({ prefix: "aws-mcp-ca-" });
  try {
    const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
    await openssl(
      dir,
      "req",
      "-x509",
      ...ec,
      "-keyout",
      "ca.key",
      "-out",
      "ca.pem",
      "-days",
      "1",
      "-subj",
      "/CN=aws-mcp test CA",
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign",
    );
    await openssl(
      dir,
      "req",
      ...ec,
      "-keyout",
      "srv.key",
      "-out",
      "srv.csr",
      "-subj",
      "/CN=localhost",
    );
    await Deno.writeTextFile(
      `${dir}/ext.cnf`,
      "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    );
    await openssl(
      dir,
      "x509",
      "-req",
      "-in",
      "srv.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "srv.pem",
      "-days",
      "1",
      "-extfile",
      "ext.cnf",
    );
    const read = (name: string) => Deno.readTextFile(`${dir}/${name}`);
    return {
      caPem: await read("ca.pem"),
      certPem: await read("srv.pem"),
      keyPem: await read("srv.key"),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** A running HTTPS stand-in. */
export interface HttpsStandIn {
  /** https://localhost:PORT */
  url: string;
  port: number;
  /** Method and path of every request, in order. */
  seen: string[];
  close(): Promise<void>;
}

/**
 * Serves HTTPS with the CA's certificate: `handler` answers what it fakes (undefined passes the
 * request on to `upstream`, moto, unchanged).
 */
export function startHttpsStandIn(
  ca: TestCa,
  upstream: string,
  handler: (request: Request, body: string) => Response | undefined = () => undefined,
): HttpsStandIn {
  const seen: string[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: ca.certPem, key: ca.keyPem, onListen: () => {} },
    async (request) => {
      const body = await request.text();
      const url = new URL(request.url);
      seen.push(`${request.method} ${url.pathname}`);
      return handler(request, body) ?? forward(request, body, upstream);
    },
  );
  return {
    url: `https://localhost:${server.addr.port}`,
    port: server.addr.port,
    seen,
    close: () => server.shutdown(),
  };
}

/** A running CONNECT proxy. */
export interface ConnectProxy {
  url: string;
  /** The `host:port` of every tunnel asked for. */
  tunnels: string[];
  close(): void;
}

/** A minimal HTTP CONNECT proxy on loopback, as corporate proxies speak it. */
export function startConnectProxy(): ConnectProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const tunnels: string[] = [];
  const conns = new Set<Deno.Conn>();
  (async () => {
    for await (const conn of listener) {
      conns.add(conn);
      tunnel(conn).catch(() => {}).finally(() => conns.delete(conn));
    }
  })().catch(() => {});
  async function tunnel(conn: Deno.Conn) {
    const buffer = new Uint8Array(8192);
    const n = await conn.read(buffer);
    const head = new TextDecoder().decode(buffer.subarray(0, n ?? 0));
    const target = /^CONNECT (\S+):(\d+) HTTP/.exec(head);
    if (!target) {
      await conn.write(new TextEncoder().encode("HTTP/1.1 405 Method Not Allowed\r\n\r\n"));
      conn.close();
      return;
    }
    tunnels.push(`${target[1]}:${target[2]}`);
    const upstream = await Deno.connect({
      hostname: target[1] === "localhost" ? "127.0.0.1" : target[1]!,
      port: Number(target[2]),
    });
    conns.add(upstream);
    await conn.write(new TextEncoder().encode("HTTP/1.1 200 Connection established\r\n\r\n"));
    await Promise.allSettled([
      conn.readable.pipeTo(upstream.writable),
      upstream.readable.pipeTo(conn.writable),
    ]);
    conns.delete(upstream);
  }
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    tunnels,
    close: () => {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    },
  };
}
