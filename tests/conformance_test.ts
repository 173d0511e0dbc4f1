import { defaultConfig } from "../server/config.ts";
import { serveHttp } from "../server/http.ts";
import { serverFactory } from "../server/server.ts";
import { runConformance } from "./_conformance.ts";
import { stubAws } from "./_helpers.ts";

// The MCP conformance suite against our Streamable HTTP endpoint, for the scenarios that apply to
// a tools-only server (no resources, prompts, completions or logging are declared).
const SCENARIOS = ["server-initialize", "ping", "tools-list", "dns-rebinding-protection"];
// Pinned here and run without the project's config and lock: `deno task start` installs every
// package deno.json or deno.lock lists, and a test-only tool has no business there.
const SUITE = "npm:@modelcontextprotocol/conformance@0.1.16";

for (const scenario of SCENARIOS) {
  Deno.test(`the MCP conformance suite passes ${scenario} over HTTP`, async () => {
    const factory = serverFactory(defaultConfig(), { aws: stubAws({}) });
    // The suite sends no Authorization header: this harness alone serves without a token.
    const endpoint = serveHttp(factory, {
      host: "127.0.0.1",
      port: 0,
      token: undefined,
      allowUnauthenticated: true,
    });
    try {
      await runConformance(SUITE, `http://localhost:${endpoint.addr.port}/mcp`, scenario);
    } finally {
      await endpoint.shutdown();
    }
  });
}
