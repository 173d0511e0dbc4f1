import type { z } from "zod";
import type { AwsScope } from "../aws/clients.ts";
import type { TagLookup } from "../aws/guards.ts";
import type { WaitCheck, WaitOutcome } from "../aws/wait.ts";

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
  /** This call is a dry run: pass `DryRun: true` to every mutating AWS call (the server reports it). */
  dryRun: boolean;
  /** The safety model's guards. */
  guard: ToolGuard;
  /** Waits for a target state with progress notifications, bounded and cancellable. */
  wait(check: () => Promise<WaitCheck>): Promise<WaitOutcome>;
  /** Where new key pairs' private keys go. */
  keysDir: string;
  /** Adds an image (base64) to the result's content, after the JSON text, for the client to show. */
  attachImage(data: string, mimeType: string): void;
}

/** Guards a mutating tool applies before it acts. */
export interface ToolGuard {
  /** Refuses unless every resource carries the --require-tag tag (EC2's DescribeTags by default). */
  requireTag(ids: readonly string[], lookup?: TagLookup): Promise<void>;
  /** Tags for a resource the tool creates: the caller's plus the --require-tag tag. */
  creationTags(tags?: Record<string, string>): { Key: string; Value: string }[];
  /** Refuses a region outside the --regions allowlist that a tool found itself (a bucket's). */
  requireRegion(region: string): void;
  /** Refuses a parameter that only a stronger mode may use, naming the flag it needs. */
  requireMode(access: "write" | "destructive", what: string): void;
  /**
   * Asks the human before something irreversible ("Terminate 2 instances i-1, i-2: …"); a "no",
   * or a client that cannot ask (unless the operator waived confirmation), ends the call with
   * nothing changed. Destructive tools are asked by the server; a write tool calls this for a
   * destructive option, after requireMode and requireTag. No-op in a dry run.
   */
  confirm(what: string): Promise<void>;
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
  /**
   * Mutating tools: the read tool that shows whether the change happened, named when a write's
   * answer was lost (`idempotent: false` writes without an AWS token are then not repeated).
   */
  verify?: string;
  /** False for a list that is not per region (the region list itself): no `regions` fan-out. */
  regional?: false;
  /**
   * Reads only public data (prices) from a global endpoint: its regions name what is priced, are
   * declared with `priceRegionSchema`, and are not subject to --regions.
   */
  publicData?: true;
  handler(input: z.infer<I>, ctx: ToolContext): Promise<z.input<O>>;
  /**
   * The checks that refuse a call (--require-tag on every target, existence, "in use"): the
   * server runs them before asking the human and before the handler, in dry runs too.
   */
  guards?(input: z.infer<I>, ctx: ToolContext): Promise<void>;
  /**
   * Destructive tools: the line the human confirms, count and ids first, then what each target
   * is; resource-controlled text (names, tags) through schemas/sanitize.ts's quoted/confirmLine.
   */
  confirm?(input: z.infer<I>, ctx: ToolContext): Promise<string>;
}

/** What the server knows of a tool before its module loads (from server/catalogue.json). */
export type ToolMeta = Pick<ToolDefinition, "name" | "toolset" | "title" | "access" | "iam">;

/** A unit an agent enables: a name, a line for the model, and whether it is on by default. */
export interface Toolset {
  /** snake_case; the `toolset` of each of its tools. */
  name: string;
  /** One line: what its tools cover. */
  description: string;
  /** Registered when the operator names no --toolsets. */
  default: boolean;
}

/** Declares a tool, keeping the handler typed from its schemas. */
export function defineTool<I extends z.ZodObject, O extends z.ZodObject>(
  tool: ToolDefinition<I, O>,
): ToolDefinition<I, O> {
  return tool;
}
