import type { z } from "zod";
import { failedAction, markFailedActions } from "../aws/action.ts";
import type { AwsProvider, AwsScope } from "../aws/clients.ts";
import {
  clip,
  errorLine,
  formatError,
  mapError,
  type MappedError,
  ToolError,
} from "../aws/errors.ts";
import { assertTagged, creationTags, ec2TagLookup } from "../aws/guards.ts";
import { waitUntil } from "../aws/wait.ts";
import { sourceIds } from "../schemas/ids.ts";
import { maskResourceText } from "../schemas/secrets.ts";
import type { ToolContext, ToolGuard } from "../tools/tool.ts";
import type { AuditEntry, AuditLog } from "./audit.ts";
import { illFormedField } from "./hygiene.ts";
import type { Config } from "./config.ts";
import { type ConfirmOutcome, InputNeeded, WAIVER_FLAG } from "./confirm.ts";
import type { CallToolResult, InputRequiredResult } from "./mcp.ts";
import { withNotFound } from "./not_found.ts";
import type { RegisteredTool } from "./registry.ts";
import { FLAG_FOR, modeAllows } from "./selection.ts";
import { assertRegionAllowed, assertRegionFields, guardScope } from "./regions_guard.ts";
import { project } from "./shape.ts";

export type { ConfirmOutcome } from "./confirm.ts";

/** What a call needs from the server around it. */
export interface CallDeps {
  aws: AwsProvider;
  config: Config;
  signal: AbortSignal;
  /**
   * Asks the human to confirm a destructive call: resolves the answer, or throws InputNeeded
   * when the call must end with `input_required` and be retried with the answer.
   */
  confirm(message: string): Promise<ConfirmOutcome>;
  /** Sends an MCP progress notification when the client asked for them. */
  progress(progress: number, total: number | undefined, message: string): void;
  audit?: AuditLog | undefined;
  /** Poll interval and bound of `wait: true` (tests shorten them). */
  waitIntervalMs?: number;
  waitTimeoutMs?: number;
}

/** Names each failing field and what it expects, in one line. */
export function describeIssues(error: z.ZodError): string {
  const lines = error.issues.slice(0, 5).map((issue) => {
    const path = issue.path.map(String).join(".") || "arguments";
    // A message may quote the input (a refinement's text): never a long input whole.
    return `${clip(path, 60)}: ${clip(issue.message, 800)}`;
  });
  const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : "";
  return lines.join("; ") + more;
}

/** An `isError` result that the model reads as `CODE: message — hint`. */
export function errorResult(error: MappedError): CallToolResult {
  return { isError: true, content: [{ type: "text", text: formatError(error) }] };
}

const DENIED = new Set(["UnauthorizedOperation", "AccessDenied", "AccessDeniedException"]);

/**
 * A dry run's answer from the error AWS raised, or undefined when it is a real failure. A denial
 * names the one action AWS refused (from its message, else the failed operation), not all the
 * tool's actions: those stay under `tool_permissions`.
 */
function dryRunOutcome(err: unknown, iam: readonly string[]) {
  const e = err as { name?: string; message?: string; $fault?: string };
  if (e?.name === "DryRunOperation") {
    return {
      would_succeed: true,
      message: "the request would have succeeded; nothing was changed",
    };
  }
  if (e?.$fault !== "client" || !e.name) return undefined;
  const message = errorLine(err);
  if (!DENIED.has(e.name)) return { would_succeed: false, message };
  const denied = failedAction(err);
  return {
    would_succeed: false,
    message,
    missing_permissions: denied ? [denied] : [...iam],
    ...(denied ? { tool_permissions: [...iam] } : {}),
  };
}

/** Thrown by guard.confirm when the human says no: the call ends, reporting that nothing changed. */
class Declined extends Error {
  constructor(readonly outcome: "declined" | "cancelled", readonly what: string) {
    super(`the user ${outcome}: ${what}`);
  }
}

/** The refusal when the human cannot be asked and the operator did not waive confirmation. */
function unconfirmable(what: string): ToolError {
  return new ToolError(
    "ConfirmationUnavailable",
    `refused: this needs the user's confirmation, and this client cannot ask (no elicitation): ${what}`,
    `use a client that supports elicitation; an operator who accepts unconfirmed changes may start the server with ${WAIVER_FLAG}`,
  );
}

function guardFor(
  config: Config,
  ctx: () => ToolContext,
  confirm: (what: string) => Promise<void>,
): ToolGuard {
  return {
    confirm,
    requireTag: async (ids, lookup) => {
      if (!config.requireTag) return;
      await assertTagged(
        ids,
        config.requireTag,
        lookup ?? ec2TagLookup(await ctx().aws.client("ec2")),
      );
    },
    creationTags: (tags) => creationTags(tags, config.requireTag),
    requireRegion: (region) => assertRegionAllowed(region, config.regions),
    requireMode: (access, what) => {
      if (!modeAllows(config, access)) {
        throw new ToolError(
          "ModeRequired",
          `${what} needs ${access} mode`,
          `the operator must start the server with ${FLAG_FOR[access]}; call again without it`,
        );
      }
    },
  };
}

/** The ARN of the role a call asks for (by ARN or alias), which must be on the --role-arn list. */
export function resolveRole(asked: string | undefined, roles: Config["roles"]): string | undefined {
  if (asked === undefined) return undefined;
  const role = roles.find((r) => r.arn === asked || r.alias === asked);
  if (!role) {
    throw new ToolError(
      "RoleNotAllowed",
      `role ${asked} is not one this server may assume`,
      `use one of: ${roles.map((r) => r.alias ? `${r.alias} (${r.arn})` : r.arn).join(", ")}`,
    );
  }
  return role.arn;
}

/** What differs between the contexts of one call: dry run, how to confirm, where images go. */
export interface ContextHooks {
  dryRun: boolean;
  confirm(what: string): Promise<void>;
  attachImage(data: string, mimeType: string): void;
}

/** The handler's view of one region within one call. */
export function contextFor(
  region: string,
  scope: AwsScope,
  deps: CallDeps,
  hooks: ContextHooks,
): ToolContext {
  const ctx: ToolContext = {
    region,
    aws: guardScope(scope, deps.config.regions),
    profile: deps.aws.profile,
    signal: deps.signal,
    revealSecrets: deps.config.revealSecrets,
    dryRun: hooks.dryRun,
    guard: guardFor(deps.config, () => ctx, hooks.confirm),
    wait: (check) =>
      waitUntil(check, {
        signal: deps.signal,
        intervalMs: deps.waitIntervalMs ?? 2_000,
        timeoutMs: deps.waitTimeoutMs ?? 300_000,
        onProgress: deps.progress,
      }),
    keysDir: deps.config.keysDir,
    attachImage: hooks.attachImage,
  };
  return ctx;
}

/**
 * Runs one call: validates the input, resolves and checks the region, runs the tool's guards,
 * asks the human before a destructive change (refusing when nobody can be asked, unless waived),
 * runs the handler next to the (cached) account lookup, turns a dry run's AWS answer into a
 * result, validates the output, writes the audit line. Never throws; answers `input_required`
 * when the question goes back to the client (2026-07-28).
 */
export async function callTool(
  tool: RegisteredTool,
  args: unknown,
  deps: CallDeps,
): Promise<CallToolResult | InputRequiredResult> {
  const { definition } = tool;
  const illFormed = illFormedField(args);
  if (illFormed !== undefined) {
    return errorResult({
      code: "InvalidInput",
      message: `${clip(illFormed || "arguments", 60)}: contains a lone UTF-16 surrogate`,
      hint: "send well-formed Unicode text",
    });
  }
  const parsed = tool.input.safeParse(args ?? {});
  if (!parsed.success) {
    return errorResult({
      code: "InvalidInput",
      message: describeIssues(parsed.error),
      hint: `fix the arguments to match ${definition.name}'s input schema and retry`,
    });
  }
  const { region: regionArg, dry_run, role_arn, ...rest } = parsed.data as {
    region?: string;
    dry_run?: boolean;
    role_arn?: string;
  };
  // `regions`, `fields` and `group_by` belong to the server only where it added them (list
  // tools); otherwise to the tool.
  const { regions, fields, group_by, ...listInput } = rest as {
    regions?: string[];
    fields?: string[];
    group_by?: string[];
  };
  const input = tool.fanOut ? listInput : rest;
  let role: string | undefined;
  try {
    role = resolveRole(role_arn, deps.config.roles);
  } catch (err) {
    return errorResult(
      mapError(err, { iam: definition.iam, region: regionArg ?? "", profile: undefined }),
    );
  }
  if (tool.fanOut && (regions !== undefined || group_by !== undefined)) {
    if (regionArg && regions !== undefined) {
      return errorResult({
        code: "InvalidInput",
        message: "region and regions: give one of them, not both",
        hint: "use regions for several regions, region for one",
      });
    }
    try {
      assertRegionFields(tool.input, { ...input }, deps.config.regions);
    } catch (err) {
      return errorResult(mapError(err, { iam: [], region: "", profile: undefined }));
    }
    const { fanOutCall } = await import("./fanout.ts");
    const where = regions === undefined ? regionArg : regions[0] === "all" ? "all" : regions;
    return fanOutCall(tool, input, where, deps, role, { fields, group_by });
  }
  const mutating = definition.access !== "read";
  const dryRun = mutating && dry_run === true;
  let region = regionArg ?? "(none)";
  let account: Promise<string> = Promise.resolve("unknown");
  let confirmation: ConfirmOutcome | "not_required" = "not_required";
  const images: { type: "image"; data: string; mimeType: string }[] = [];

  let principal: Promise<string | undefined> = Promise.resolve(undefined);
  const callId = crypto.randomUUID();
  const auditEntry = async (
    phase: "intent" | "outcome",
    outcome: string,
    error?: string,
  ): Promise<AuditEntry> => {
    const who = await principal;
    return {
      time: new Date().toISOString(),
      phase,
      call: callId,
      tool: definition.name,
      region,
      account: await account,
      ...(who ? { principal: who } : {}),
      ...(role ? { role } : {}),
      arguments: input,
      outcome,
      confirmation,
      ...(error ? { error } : {}),
    };
  };
  /** The line before the handler runs: when it cannot be written, nothing is done. */
  let intended = false;
  const auditIntent = async () => {
    if (!mutating || !deps.audit) return;
    try {
      await deps.audit.record(await auditEntry("intent", "pending"), definition.input);
      intended = true;
    } catch (err) {
      throw new ToolError(
        "AuditLogUnavailable",
        `the audit log could not record this call, so it was not made: ${(err as Error).message}`,
        "nothing was changed; the operator must fix --audit-log before mutations can run",
      );
    }
  };
  const audit = async (outcome: string, error?: string) => {
    if (!mutating || !deps.audit) return;
    // A mutation that happened must not be reported as failed because its log line was not.
    await deps.audit.record(await auditEntry("outcome", outcome, error), definition.input)
      .catch((e) => console.error(`audit log ${deps.audit?.path}:`, e));
  };
  const respond = async (data: Record<string, unknown>, outcome: string) => {
    // Tag values and descriptions are written by whoever owns the resource: masked like user data.
    const shown = deps.config.revealSecrets ? data : maskResourceText(data).value as typeof data;
    const result = tool.output.safeParse({ account: await account, region, ...shown });
    if (!result.success) {
      throw new ToolError(
        "InternalError",
        `${definition.name} produced output that does not match its schema: ${
          describeIssues(result.error)
        }`,
        "report this as a bug; try a narrower query meanwhile",
      );
    }
    await audit(outcome);
    return {
      content: [{ type: "text" as const, text: JSON.stringify(result.data) }, ...images],
      structuredContent: result.data,
    };
  };

  try {
    region = regionArg ?? await deps.aws.defaultRegion();
    // Every region-typed field, the resolved region included, before any AWS call.
    assertRegionFields(tool.input, { ...(parsed.data as object), region }, deps.config.regions);
    // A non-idempotent tool's token-less writes are never repeated after a lost answer.
    const scope = markFailedActions(
      deps.aws.scope(region, deps.signal, role, { retryWrites: definition.idempotent }),
    );
    // A pricing tool may name any region; who is asking is still asked within the allowlist.
    const allowed = deps.config.regions;
    const identity = !allowed || allowed.includes(region)
      ? scope.identity()
      : deps.aws.scope(await deps.aws.defaultRegion(), deps.signal, role).identity();
    account = identity.then((id) => id.account, () => "unknown");
    principal = identity.then((id) => id.arn, () => undefined);
    const ctx: ToolContext = contextFor(region, scope, deps, {
      dryRun,
      confirm: async (what) => {
        if (dryRun) return; // a dry run changes nothing, so there is nothing to agree to
        confirmation = await deps.confirm(`${what} in ${region}. This cannot be undone.`);
        if (confirmation === "declined" || confirmation === "cancelled") {
          throw new Declined(confirmation, what);
        }
        if (confirmation === "unsupported") throw unconfirmable(what);
      },
      attachImage: (data, mimeType) => images.push({ type: "image", data, mimeType }),
    });

    // --require-tag: the resources a mutation reads from (declared with readFrom) as well as
    // those it changes (checked by the handler), before anyone is asked.
    if (mutating && deps.config.requireTag) {
      const sources = sourceIds(definition.input, input);
      if (sources.length) await ctx.guard.requireTag(sources);
    }

    // Guards run before the question: a call they refuse never asks the human.
    await definition.guards?.(input, ctx);
    if (definition.access === "destructive" && !dryRun) {
      await ctx.guard.confirm(
        definition.confirm
          ? await definition.confirm(input, ctx)
          : `${definition.title}: ${JSON.stringify(input)}`,
      );
    }

    await auditIntent();
    let data: Record<string, unknown>;
    try {
      data = await withNotFound(
        tool.idList,
        definition.handler as (i: Record<string, unknown>, c: ToolContext) => Promise<never>,
        input,
        ctx,
      );
      if (tool.fanOut && fields) {
        const rows = data[tool.fanOut.rowsKey] as Record<string, unknown>[] | undefined;
        if (rows) data = { ...data, [tool.fanOut.rowsKey]: project(rows, fields, tool.fanOut.key) };
      }
    } catch (err) {
      const outcome = dryRun ? dryRunOutcome(err, definition.iam) : undefined;
      if (!outcome) throw err;
      data = { dry_run: outcome };
    }
    if (confirmation !== "not_required") data = { confirmation, ...data };
    return await respond(data, dryRun ? "dry_run" : "ok");
  } catch (err) {
    if (err instanceof InputNeeded) {
      // Asked from inside a handler (a write tool's destructive option): its intent line gets an
      // outcome saying nothing was done yet.
      if (intended) await audit("input_required");
      return err.result;
    }
    if (err instanceof Declined) {
      // A client that cannot ask may also end here (HTTP "method not found"): name the way out.
      const data = {
        confirmation: err.outcome,
        message: `Nothing was changed: the user ${err.outcome} (${err.what})${
          err.outcome === "cancelled"
            ? `; if this client cannot ask the user, only the operator can waive confirmation (${WAIVER_FLAG})`
            : ""
        }`,
      };
      return await respond(data, err.outcome).catch((e) =>
        errorResult(mapError(e, { iam: [], region, profile: undefined }))
      );
    }
    const mapped = mapError(err, {
      iam: definition.iam,
      region,
      profile: deps.aws.profile,
      verify: definition.verify,
    });
    if (mapped.code === "InternalError") console.error(`${definition.name}:`, err);
    await audit("error", formatError(mapped));
    return errorResult(mapped);
  }
}
