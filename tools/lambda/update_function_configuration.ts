import type { FunctionConfiguration, Lambda } from "@aws-sdk/client-lambda";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { dryRunOutcome } from "../../schemas/dry_run.ts";
import { defineTool } from "../tool.ts";
import { bareName, functionName, lambdaTagLookup } from "./_lambda.ts";

const change = z.object({ from: z.int().nullable(), to: z.int().nullable() });

const input = z.object({
  function_name: functionName,
  memory_mb: z.int().min(128).max(10_240).optional(),
  timeout_s: z.int().min(1).max(900).optional(),
  reserved_concurrency: z.int().min(0).nullable().optional(),
  environment: z.record(
    z.string().regex(/^[a-zA-Z]\w*$/, "expected a variable name like LOG_LEVEL"),
    z.string().max(4096).nullable(),
  ).optional(),
});

type Input = z.infer<typeof input>;

/** Names added, changed and removed by merging `set` into `current`; values never leave here. */
export function mergeEnvironment(
  current: Record<string, string>,
  set: Record<string, string | null>,
) {
  const merged = { ...current };
  const report = { added: [] as string[], changed: [] as string[], removed: [] as string[] };
  for (const [name, value] of Object.entries(set)) {
    if (value === null) {
      if (name in merged) report.removed.push(name);
      delete merged[name];
    } else if (!(name in merged)) {
      report.added.push(name);
      merged[name] = value;
    } else if (merged[name] !== value) {
      report.changed.push(name);
      merged[name] = value;
    }
  }
  return { merged, report };
}

function plan(args: Input, c: FunctionConfiguration, reserved: number | null) {
  const env = args.environment &&
    mergeEnvironment(c.Environment?.Variables ?? {}, args.environment);
  const envChanged = env &&
    env.report.added.length + env.report.changed.length + env.report.removed.length > 0;
  const diff = (from: number | null, to: number | null | undefined) =>
    to !== undefined && to !== from ? { from, to } : undefined;
  return {
    memory_mb: diff(c.MemorySize ?? null, args.memory_mb),
    timeout_s: diff(c.Timeout ?? null, args.timeout_s),
    reserved_concurrency: diff(reserved, args.reserved_concurrency),
    env: envChanged ? env : undefined,
  };
}

async function apply(lambda: Lambda, name: string, p: ReturnType<typeof plan>) {
  if (p.memory_mb || p.timeout_s || p.env) {
    await lambda.updateFunctionConfiguration({
      FunctionName: name,
      ...(p.memory_mb ? { MemorySize: p.memory_mb.to ?? undefined } : {}),
      ...(p.timeout_s ? { Timeout: p.timeout_s.to ?? undefined } : {}),
      ...(p.env ? { Environment: { Variables: p.env.merged } } : {}),
    });
  }
  if (p.reserved_concurrency) {
    const to = p.reserved_concurrency.to;
    if (to === null) await lambda.deleteFunctionConcurrency({ FunctionName: name });
    else {
      await lambda.putFunctionConcurrency({ FunctionName: name, ReservedConcurrentExecutions: to });
    }
  }
}

/** `lambda_update_function_configuration`: memory, timeout, concurrency, environment by name. */
export const updateFunctionConfiguration = defineTool({
  name: "lambda_update_function_configuration",
  toolset: "lambda",
  title: "Update a Lambda function's configuration",
  description:
    "Set memory, timeout, reserved concurrency (0 stops invocations, null removes) or environment variables (merged by name, null removes; values never echoed); waits for the update. Returns from → to.",
  access: "write",
  idempotent: true,
  iam: [
    "lambda:GetFunction",
    "lambda:GetFunctionConfiguration",
    "lambda:ListTags",
    "lambda:UpdateFunctionConfiguration",
    "lambda:PutFunctionConcurrency",
    "lambda:DeleteFunctionConcurrency",
  ],
  input,
  output: z.object({
    function_name: z.string().optional(),
    memory_mb: change.optional(),
    timeout_s: change.optional(),
    reserved_concurrency: change.optional(),
    environment: z.object({
      added: z.array(z.string()),
      changed: z.array(z.string()),
      removed: z.array(z.string()),
    }).optional(),
    unchanged: z.literal(true).optional(),
    last_update_status: z.string().optional(),
    waited_ms: z.int().optional(),
    dry_run: dryRunOutcome.optional(),
  }),
  async handler(args, ctx) {
    const asked = [args.memory_mb, args.timeout_s, args.reserved_concurrency, args.environment];
    if (asked.every((v) => v === undefined)) {
      throw new ToolError(
        "InvalidInput",
        "memory_mb: give at least one of memory_mb, timeout_s, reserved_concurrency, environment",
        "name what to change",
      );
    }
    const lambda = await ctx.aws.client("lambda");
    const fn = await lambda.getFunction({ FunctionName: args.function_name });
    const c = fn.Configuration ?? {};
    const name = c.FunctionName ?? bareName(args.function_name);
    await ctx.guard.requireTag([name], lambdaTagLookup(lambda));
    const p = plan(args, c, fn.Concurrency?.ReservedConcurrentExecutions ?? null);
    const changes = {
      function_name: name,
      ...(p.memory_mb ? { memory_mb: p.memory_mb } : {}),
      ...(p.timeout_s ? { timeout_s: p.timeout_s } : {}),
      ...(p.reserved_concurrency ? { reserved_concurrency: p.reserved_concurrency } : {}),
      ...(p.env ? { environment: p.env.report } : {}),
    };
    if (Object.keys(changes).length === 1) return { ...changes, unchanged: true as const };
    if (ctx.dryRun) {
      // Lambda has no DryRun for configuration updates: everything but the write was checked.
      return {
        ...changes,
        dry_run: {
          would_succeed: true,
          message:
            "the function exists and the guards passed; nothing was changed (Lambda has no dry run for this, so lambda:UpdateFunctionConfiguration was not checked)",
        },
      };
    }
    await apply(lambda, name, p);
    const waited = await ctx.wait(async () => {
      const now = await lambda.getFunctionConfiguration({ FunctionName: name });
      const status = now.LastUpdateStatus ?? "Successful";
      return {
        done: status !== "InProgress",
        message: `LastUpdateStatus ${status}${
          now.LastUpdateStatusReason ? `: ${now.LastUpdateStatusReason}` : ""
        }`,
      };
    });
    return {
      ...changes,
      last_update_status: waited.message.replace(/^LastUpdateStatus /, ""),
      waited_ms: waited.waited_ms,
    };
  },
});
