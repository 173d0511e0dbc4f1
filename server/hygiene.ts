/** Input hygiene the SDKs do not give: well-formed text, and malformed params as -32602. */
import { ErrorCode, McpError, type Server } from "./mcp.ts";

/**
 * The dotted path of the first string holding a lone UTF-16 surrogate ("" for the value itself),
 * or undefined. Such text cannot be encoded into a request (the SDK throws `URIError`).
 */
export function illFormedField(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.isWellFormed() ? undefined : path;
  if (!value || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!key.isWellFormed()) return path;
    const found = illFormedField(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

type Handlers = Map<string, (request: unknown, extra: unknown) => Promise<unknown>>;

/**
 * Params that do not match a method's shape (`arguments` that is not an object…) are the
 * client's mistake, -32602, not an internal error: the SDK lets its schema's ZodError through.
 */
export function invalidParamsForMalformed(server: Server, method: string): void {
  const handlers = (server as unknown as { _requestHandlers: Handlers })._requestHandlers;
  const inner = handlers.get(method);
  if (!inner) return;
  handlers.set(method, async (request, extra) => {
    try {
      return await inner(request, extra);
    } catch (err) {
      // A schema failure (zod, whichever build the SDK uses) carries its issues.
      const issues = (err as { issues?: { path?: unknown[]; message?: string }[] })?.issues;
      if (err instanceof McpError || !Array.isArray(issues)) throw err;
      const first = issues[0];
      const where = first?.path?.length ? first.path.map(String).join(".") : "params";
      throw new McpError(
        ErrorCode.InvalidParams,
        `Invalid ${method} params: ${where}: ${(first?.message ?? "malformed").slice(0, 200)}`,
      );
    }
  });
}
