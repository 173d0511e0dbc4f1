import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { dryRunOutcome } from "../../schemas/dry_run.ts";
import { maskText } from "../../schemas/masking.ts";
import { defineTool } from "../tool.ts";
import { functionName, lambdaTagLookup } from "./_lambda.ts";

/** Largest payload sent: Lambda's limit for event invocations (sync ones allow 6 MB). */
const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Characters of the response payload shown; the rest is cut (payload_truncated). */
const MAX_RESPONSE = 16_000;

const TYPES = { sync: "RequestResponse", event: "Event" } as const;

/** The response payload for the model: JSON when it parses, else text; masked and bounded. */
function readable(bytes: Uint8Array | undefined, reveal: boolean) {
  if (!bytes?.length) return {};
  const raw = new TextDecoder().decode(bytes);
  const text = maskText(raw, reveal);
  if (text.length > MAX_RESPONSE) {
    return { payload: text.slice(0, MAX_RESPONSE), payload_truncated: true as const };
  }
  try {
    return { payload: JSON.parse(text) as unknown };
  } catch {
    return { payload: text };
  }
}

/** `lambda_invoke`: runs a function with a JSON payload, synchronously or as an event. */
export const invoke = defineTool({
  name: "lambda_invoke",
  toolset: "lambda",
  title: "Invoke a Lambda function",
  description:
    "Invoke a function with a JSON payload (≤ 256 KB). sync returns status, function error, log tail and response (masked, bounded); event only queues. dry_run runs nothing.",
  access: "write",
  idempotent: false,
  iam: ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration", "lambda:ListTags"],
  input: z.object({
    function_name: functionName,
    qualifier: z.string().regex(/^(\$LATEST|[a-zA-Z0-9$_-]{1,128})$/).optional()
      .describe("Version or alias"),
    payload: z.unknown().optional().describe("JSON value"),
    invocation: z.enum(["sync", "event"]).default("sync"),
  }),
  output: z.object({
    status_code: z.int().optional(),
    executed_version: z.string().optional(),
    function_error: z.string().optional(),
    log_tail: z.string().optional(),
    payload: z.unknown().optional(),
    payload_truncated: z.literal(true).optional(),
    dry_run: dryRunOutcome.optional(),
  }),
  async handler(args, ctx) {
    const body = args.payload === undefined ? undefined : JSON.stringify(args.payload);
    const bytes = body === undefined ? undefined : new TextEncoder().encode(body);
    if (bytes && bytes.length > MAX_PAYLOAD_BYTES) {
      throw new ToolError(
        "InvalidInput",
        `payload: ${bytes.length} bytes, over ${MAX_PAYLOAD_BYTES}`,
        "send a smaller payload, or a reference (e.g. an S3 key) the function reads",
      );
    }
    const lambda = await ctx.aws.client("lambda");
    await ctx.guard.requireTag([args.function_name], lambdaTagLookup(lambda));
    const out = await lambda.invoke({
      FunctionName: args.function_name,
      ...(args.qualifier ? { Qualifier: args.qualifier } : {}),
      InvocationType: ctx.dryRun ? "DryRun" : TYPES[args.invocation],
      ...(args.invocation === "sync" && !ctx.dryRun ? { LogType: "Tail" as const } : {}),
      ...(bytes ? { Payload: bytes } : {}),
    });
    if (ctx.dryRun) {
      return {
        status_code: out.StatusCode,
        dry_run: {
          would_succeed: true,
          message: "Lambda checked permission and parameters; the function did not run",
        },
      };
    }
    const tail = out.LogResult
      ? maskText(
        new TextDecoder().decode(Uint8Array.from(atob(out.LogResult), (c) => c.charCodeAt(0))),
        ctx.revealSecrets,
      )
      : undefined;
    return {
      status_code: out.StatusCode,
      ...(out.ExecutedVersion ? { executed_version: out.ExecutedVersion } : {}),
      ...(out.FunctionError ? { function_error: out.FunctionError } : {}),
      ...(tail ? { log_tail: tail.trimEnd() } : {}),
      ...readable(out.Payload, ctx.revealSecrets),
    };
  },
});
