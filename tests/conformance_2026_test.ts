import { defaultConfig } from "../server/config.ts";
import { type HttpEndpoint, serveHttp } from "../server/http.ts";
import { type ServerFactory, serverFactory } from "../server/server.ts";
import { conformanceFixture } from "./_conformance_fixture.ts";
import { runConformance } from "./_conformance.ts";
import { stubAws } from "./_helpers.ts";

// The MCP conformance suite's 2026-aware prerelease, for the 2026-07-28 scenarios that apply to a
// tools server. The suite sends no Authorization header, so it talks to a loopback proxy that adds
// the bearer token: the endpoint under test keeps its token. Scenarios that need the suite's own
// test tools run against tests/_conformance_fixture.ts, served by server/http.ts.
// Pinned here and run without the project's config and lock, like 0.1.16 (tests/conformance_test.ts).
const SUITE = "npm:@modelcontextprotocol/conformance@0.2.0-alpha.12";
const TOKEN = "conformance-2026-token-0123456789";

const PRODUCT = ["http-header-validation"];
const FIXTURE = [
  "server-stateless",
  "input-required-result-basic-elicitation",
  "input-required-result-basic-sampling",
  "input-required-result-basic-list-roots",
  "input-required-result-request-state",
  "input-required-result-multiple-input-requests",
  "input-required-result-multi-round",
  "input-required-result-missing-input-response",
  "input-required-result-non-tool-request",
  "input-required-result-result-type",
  "input-required-result-unsupported-methods",
  "input-required-result-tampered-state",
  "input-required-result-capability-check",
  "input-required-result-ignore-extra-params",
  "input-required-result-validate-input",
];

/** Forwards every request to the endpoint with the bearer token added; streams the answer back. */
function tokenProxy(endpoint: HttpEndpoint): Deno.HttpServer<Deno.NetAddr> {
  return Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (request) => {
    const headers = new Headers(request.headers);
    headers.delete("host");
    headers.set("authorization", `Bearer ${TOKEN}`);
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD"
      ? null
      : await request.arrayBuffer();
    const answer = await fetch(`http://127.0.0.1:${endpoint.addr.port}${url.pathname}`, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
    });
    return new Response(answer.body, answer);
  });
}

async function run(factory: ServerFactory, scenario: string) {
  const endpoint = serveHttp(factory, {
    host: "127.0.0.1",
    port: 0,
    token: TOKEN,
    log: () => {},
  });
  const proxy = tokenProxy(endpoint);
  try {
    await runConformance(SUITE, `http://localhost:${proxy.addr.port}/mcp`, scenario);
  } finally {
    await proxy.shutdown();
    await endpoint.shutdown();
  }
}

for (const scenario of PRODUCT) {
  Deno.test(`the MCP conformance suite (2026-07-28) passes ${scenario} over HTTP`, async () => {
    await run(serverFactory(defaultConfig(), { aws: stubAws({}) }), scenario);
  });
}

for (const scenario of FIXTURE) {
  Deno.test(`the MCP conformance suite (2026-07-28) passes ${scenario} against the fixture`, async () => {
    await run(conformanceFixture(), scenario);
  });
}
