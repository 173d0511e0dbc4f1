import type { z } from "zod";
import type { AwsScope } from "../aws/clients.ts";

/** What a tool may do: drives its MCP annotations and the mode that registers it. */
export type Access = "read" | "write" | "destructive";

/** What a handler receives besides its validated input. */
export interface ToolContext {
  /** The region this call runs in (input `region` or the configured default). */
  region: string;
  /** SDK clients for that region; every call carries the MCP request's AbortSignal. */
  aws: AwsScope;
  /** The named profile in use, if any. */
  profile: string | undefined;
  /** Aborted when the client cancels the request. */
  signal: AbortSignal;
  /** The operator started the server with --reveal-secrets: do not mask secret-looking values. */
  revealSecrets: boolean;
}

/** One tool: plain data plus a handler; the server derives everything MCP-specific from it. */
export interface ToolDefinition<
  I extends z.ZodObject = z.ZodObject,
  O extends z.ZodObject = z.ZodObject,
> {
  /** `<service>_<verb>_<noun>`, snake_case, at most 48 characters. */
  name: string;
  /** The toolset that `--toolsets` selects it by. */
  toolset: string;
  title: string;
  /** For the model: what it does, when to use it, what it returns, its limits. */
  description: string;
  access: Access;
  idempotent: boolean;
  input: I;
  output: O;
  /** IAM actions the tool needs. */
  iam: readonly string[];
  handler(input: z.infer<I>, ctx: ToolContext): Promise<z.input<O>>;
}

/** Declares a tool, keeping the handler typed from its schemas. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
