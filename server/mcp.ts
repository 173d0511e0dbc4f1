/**
 * The MCP SDK (v2, `@modelcontextprotocol/server`), re-exported with its types. The server imports
 * the SDK only through this module (and server/http.ts, loaded only for HTTP); tests take the
 * client side from tests/_mcp.ts.
 */

export {
  acceptedContent,
  type CallToolRequest,
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  inputRequired,
  type InputRequiredResult,
  inputResponse,
  type ListToolsResult,
  type McpRequestContext,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  Server,
  type ServerContext,
  type Tool,
} from "@modelcontextprotocol/server";
export { serveStdio } from "@modelcontextprotocol/server/stdio";
