import type { FetchHttpHandler } from "@smithy/fetch-http-handler";
import { importPackage } from "./packages.ts";

/**
 * Deno's TLS stack refused the extra CA certificates: aws/profile.ts checks AWS_CA_BUNDLE and
 * ca_bundle at start only for their PEM markers, and the first call parses them here.
 */
export class CaBundleError extends Error {}

/** How every AWS request leaves the process. */
export interface TransportSettings {
  /** PEM texts trusted besides Deno's built-in roots (AWS_CA_BUNDLE, ca_bundle, NODE_EXTRA_CA_CERTS). */
  caCerts?: readonly string[];
  /** Per-request timeout in milliseconds. */
  requestTimeoutMs?: number;
  /**
   * A new connection for every request, none kept idle: a request on a reused connection that the
   * far end closes is sent again by the HTTP client itself, below the SDK's retries.
   */
  fresh?: boolean;
}

/**
 * The SDK's request handler, on Deno's own fetch instead of the SDK's Node HTTPS stack. Under Deno
 * 2.9 that stack needs the unscoped `--allow-sys` as soon as NODE_EXTRA_CA_CERTS is set (there is
 * no `sys "ca"` descriptor) and ignores DENO_CERT and HTTPS_PROXY; Deno's fetch needs no system
 * permission, takes extra CAs per client and honours HTTPS_PROXY / NO_PROXY itself.
 */
export async function createRequestHandler(settings: TransportSettings): Promise<FetchHttpHandler> {
  const { FetchHttpHandler } = await importPackage("@smithy/fetch-http-handler");
  const caCerts = [...settings.caCerts ?? []];
  // One client for every SDK client: one connection pool, one trust store.
  let client: Deno.HttpClient | undefined;
  if (caCerts.length || settings.fresh) {
    try {
      client = Deno.createHttpClient({
        ...(caCerts.length ? { caCerts } : {}),
        ...(settings.fresh ? { poolMaxIdlePerHost: 0 } : {}),
      });
    } catch (err) {
      throw caCerts.length ? new CaBundleError((err as Error).message) : err;
    }
  }
  return new FetchHttpHandler({
    requestTimeout: settings.requestTimeoutMs ?? 30_000,
    ...(client ? { requestInit: () => ({ client }) as RequestInit } : {}),
  });
}

/** The certificate errors of Deno's TLS stack (rustls), as they appear in a failed fetch. */
const UNTRUSTED = /invalid peer certificate|certificate verify failed|UnknownIssuer|self.signed/i;

/** A connection closed after the request went out, before an answer came. */
const RESET = /closed before message completed|connection reset|broken pipe|IncompleteMessage/i;

/** The low-level cause of a failed fetch ("fetch failed" says nothing by itself). */
export function transportFailure(
  err: unknown,
): { kind: "tls" | "reset" | "network"; detail: string } | undefined {
  if (!(err instanceof TypeError)) return undefined;
  const cause = (err as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? cause.message : err.message;
  if (UNTRUSTED.test(detail)) return { kind: "tls", detail };
  // Sent, then the connection closed with no answer: the far end may have acted on it.
  if (RESET.test(detail)) return { kind: "reset", detail };
  if (/fetch failed|error sending request|connect|dns|refused/i.test(detail)) {
    return { kind: "network", detail };
  }
  return undefined;
}
