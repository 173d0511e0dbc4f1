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
