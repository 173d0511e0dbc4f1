/** A local HTTP stand-in for an AWS endpoint, so the SDK's real serializer and parser run. */
export interface StandIn {
  url: string;
  /** Every request's body, as received. */
  requests: string[];
  /** Every request's headers, as received. */
  headers: Headers[];
  close(): Promise<void>;
}

/** Serves `handler` on a free loopback port until closed. */
export function startStandIn(
  handler: (request: Request, body: string) => Response | Promise<Response>,
): StandIn {
  const requests: string[] = [];
  const headers: Headers[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const body = await request.text();
      requests.push(body);
      headers.push(request.headers);
      return handler(request, body);
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    headers,
    close: () => server.shutdown(),
  };
}

/** An EC2 query-protocol error response, as EC2 sends it. */
export function ec2Error(status: number, code: string, message: string): Response {
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>stand-in</RequestID></Response>`;
  return new Response(xml, { status, headers: { "content-type": "text/xml" } });
}

/**
 * Passes a request the stand-in does not fake on to another endpoint (moto), unchanged, so one
 * AwsClients endpoint can serve a faked API and moto's real ones in the same test.
 */
export async function forward(request: Request, body: string, to: string): Promise<Response> {
  const url = new URL(request.url);
  const headers = new Headers(request.headers);
  for (const h of ["host", "content-length", "connection"]) headers.delete(h);
  const response = await fetch(`${to}${url.pathname}${url.search}`, {
    method: request.method,
    headers,
    ...(request.method === "GET" || request.method === "HEAD" ? {} : { body }),
  });
  // fetch has already decoded the body: its length and encoding headers no longer apply.
  const out = new Headers(response.headers);
  for (const h of ["content-length", "content-encoding", "transfer-encoding"]) out.delete(h);
  return new Response(await response.arrayBuffer(), { status: response.status, headers: out });
}
