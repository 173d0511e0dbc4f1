/**
 * MCP clients for tests and benchmarks, from both SDK lines: the v1 `Client` 1.32.2 (speaks
 * 2025-11-25, as deployed clients do) and the v2 `Client` 2.4.0 (pinned to 2026-07-28 where a test
 * wants the stateless era). Test-only packages are pinned here, not in deno.json: tests run with
 * their own lock file (tests/deno.lock), so `deno task start` never downloads them.
 * The v1 SDK's `./*` export names declaration files that do not exist; each import names its own.
 */

// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/index"
export { Client } from "npm:@modelcontextprotocol/sdk@1.32.2/client/index.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/stdio"
export { StdioClientTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/client/stdio.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp"
export { StreamableHTTPClientTransport } from "npm:@modelcontextprotocol/sdk@1.32.2/client/streamableHttp.js";
// @ts-types="npm:@modelcontextprotocol/sdk@1.32.2/types"
export {
  ElicitRequestSchema,
  ToolListChangedNotificationSchema,
} from "npm:@modelcontextprotocol/sdk@1.32.2/types.js";

export {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernHttpTransport,
} from "npm:@modelcontextprotocol/client@2.4.0";
export { StdioClientTransport as ModernStdioTransport } from "npm:@modelcontextprotocol/client@2.4.0/stdio";
export { InMemoryTransport } from "@modelcontextprotocol/server";

/** A JSON-RPC answer as a raw call reads it. */
export type RawAnswer = {
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
};

/**
 * One raw 2026-07-28 `tools/call` over HTTP, with the envelope and headers a client library
 * sends, and `extra` params (requestState, inputResponses) no library would send unasked: for
 * attack tests. The client declares elicitation.
 */
export async function rawModernCall(
  url: string,
  token: string,
  name: string,
  args: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": "2026-07-28",
      "mcp-method": "tools/call",
      "mcp-name": name,
    },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "tools/call",
      params: {
        name,
        arguments: args,
        ...extra,
        _meta: {
          "io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientInfo": { name: "raw", version: "0" },
          "io.modelcontextprotocol/clientCapabilities": { elicitation: {} },
        },
      },
    }),
  });
  const text = await response.text();
  // A single JSON body, or one SSE `message` event.
  const json = text.startsWith("{")
    ? text
    : text.split("\n").find((l) => l.startsWith("data: "))!.slice(6);
  return JSON.parse(json) as RawAnswer;
}
