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
