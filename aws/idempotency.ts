/**
 * Writes that never run twice by accident. A request whose answer is lost (a connection reset
 * after AWS acted) looks like any transient failure, and the SDK's standard retry repeats it:
 * one lost answer, two snapshots. Two rules, applied to every client the server builds:
 *
 * - An operation with an idempotency token member (ClientToken, …) always carries one, set once
 *   per call, before the retry loop: every attempt sends the same token, so AWS acts once.
 * - A mutating operation without one is not repeated once the request may have reached AWS,
 *   unless the tool declared itself idempotent (its input is marked `RETRY_SAFE`). Throttling
 *   and refused connections are still retried: AWS did not act on those.
 *
 * A write that failed in a way that leaves its outcome open ends in `OutcomeUnknown`, never in
 * something that reads as "retryable".
 */

import { transportFailure } from "./http_handler.ts";

/** Marks a call's input as safe to repeat: the calling tool is idempotent. */
export const RETRY_SAFE: unique symbol = Symbol("aws-mcp.retrySafe");

/** Idempotency token members, as AWS models name them across services. */
const TOKEN_MEMBERS = new Set([
  "ClientToken",
  "clientToken",
  "ClientRequestToken",
  "clientRequestToken",
  "IdempotencyToken",
  "idempotencyToken",
]);

/** Operations that only read: repeating them is always harmless. */
const READ_OPERATION = /^(Describe|List|Get|Search|Lookup|Head|Query|Scan|BatchGet|Select)/;

const THROTTLING = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
  "BandwidthLimitExceeded",
  "TransactionInProgressException",
  "PriorRequestNotComplete",
  "EC2ThrottledException",
]);
/** Failures before a connection existed: the request never left this machine. */
const NEVER_SENT = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
/** Failures after the request may have been sent, with no answer read. */
const ANSWER_LOST = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED"]);

type SdkError = {
  name?: string;
  code?: string;
  message?: string;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
};

/**
 * Whether AWS may have acted on a request that failed this way: no answer came back after it
 * was sent (reset, timeout), or AWS answered with a server error. An answer of refusal
 * (4xx, throttling) or a connection never made means it did not act.
 */
export function mayHaveActed(err: unknown): boolean {
  const e = (err ?? {}) as SdkError;
  if (e.name === "AbortError") return false;
  // Deno's fetch: a reset after sending may have acted; no connection, no request.
  const transport = transportFailure(err);
  if (transport) return transport.kind === "reset";
  if (THROTTLING.has(e.name ?? "")) return false;
  const code = e.code ?? (e.cause as SdkError | undefined)?.code ?? "";
  if (NEVER_SENT.has(code)) return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500;
  return ANSWER_LOST.has(code) ||
    ["TimeoutError", "RequestTimeout", "RequestTimeoutException"].includes(e.name ?? "") ||
    /socket hang up|connection (was )?(reset|closed)/i.test(e.message ?? "");
}

/** Why a write's outcome is open: the operation, what happened, the attempts made. */
export class OutcomeUnknownError extends Error {
  /** `original` rather than `cause`: the SDK would classify a cause as transient and retry. */
  constructor(
    readonly operation: string,
    readonly original: unknown,
    readonly attempts: number,
    readonly clientToken: string | undefined,
  ) {
    const e = (original ?? {}) as SdkError;
    const what = e.code && e.code !== e.name ? `${e.code}` : (e.name ?? "Error");
    super(
      `${operation} may have taken effect: it was sent but no answer came back (${what}: ${
        (e.message ?? "").replace(/\s+/g, " ").trim().slice(0, 120)
      }); ${
        clientToken
          ? `${attempts} attempt(s), all with client token ${clientToken}`
          : "it was not repeated"
      }`,
    );
    this.name = "OutcomeUnknown";
  }
}

/** The token member of an operation's input, from the SDK's operation schema. */
export function tokenMember(operationSchema: unknown): string | undefined {
  if (!Array.isArray(operationSchema) || operationSchema[0] !== 9) return undefined;
  let input = operationSchema[4];
  if (typeof input === "function") input = input();
  const names: unknown = Array.isArray(input)
    ? input[4]
    : (input as { memberNames?: unknown } | undefined)?.memberNames;
  return Array.isArray(names)
    ? names.find((n): n is string => typeof n === "string" && TOKEN_MEMBERS.has(n))
    : undefined;
}

/** How one operation is treated; exported for unit tests. */
export function writePolicy(
  operation: string,
  token: string | undefined,
  retrySafe: boolean,
): { mutating: boolean; once: boolean } {
  const mutating = !READ_OPERATION.test(operation);
  return { mutating, once: mutating && !token && !retrySafe };
}

type Args = { input: Record<string | symbol, unknown>; request?: unknown };
type Context = {
  commandName?: string;
  __smithy_context?: { operationSchema?: unknown };
  [key: string]: unknown;
};
type Handler = (args: Args) => Promise<{ output: unknown; response: unknown }>;
type Stack = {
  add(
    mw: (next: Handler, context: Context) => Handler,
    options: { step: string; name: string; priority?: string },
  ): void;
};

const ONCE = "awsMcpOnce";
const OPERATION = "awsMcpOperation";
const TOKEN = "awsMcpToken";

/** Requests that must not be sent twice: they never ride a pooled connection. */
const ONCE_REQUESTS = new WeakSet<object>();

type RequestHandler = { handle(request: unknown, options?: unknown): Promise<unknown> };

/**
 * Sends marked requests through `fresh`, a handler that opens a connection of its own for each:
 * on a reused keep-alive connection that the far end closes, the runtime's HTTP client sends the
 * request a second time by itself, below the SDK's retries; a fresh connection is never resent.
 */
function freshConnectionsFor(
  client: { config: { requestHandler?: unknown } },
  fresh: () => Promise<RequestHandler>,
): void {
  const pooled = client.config.requestHandler as RequestHandler | undefined;
  if (!pooled || typeof pooled.handle !== "function") return;
  client.config.requestHandler = new Proxy(pooled, {
    get(target, prop, receiver) {
      if (prop !== "handle") return Reflect.get(target, prop, receiver);
      return async (request: object, options?: unknown) =>
        ONCE_REQUESTS.has(request)
          ? (await fresh()).handle(request, options)
          : target.handle(request, options);
    },
  });
}

/** Installs both rules on an SDK client: its middleware stack and its request handler. */
export function installWriteSafety(
  client: { middlewareStack: Stack; config: { requestHandler?: unknown } },
  fresh: () => Promise<RequestHandler>,
): void {
  freshConnectionsFor(client, fresh);
  // Outside the retry loop: runs once per call.
  client.middlewareStack.add((next, context) => async (args) => {
    const operation = (context.commandName ?? "").replace(/Command$/, "");
    const member = tokenMember(context.__smithy_context?.operationSchema);
    let input = args.input;
    let token: string | undefined;
    if (member) {
      token = typeof input[member] === "string" ? input[member] as string : crypto.randomUUID();
      input = { ...input, [member]: token };
    }
    const policy = writePolicy(operation, member, input[RETRY_SAFE] === true);
    context[ONCE] = policy.once;
    context[OPERATION] = operation;
    context[TOKEN] = token;
    try {
      return await next({ ...args, input });
    } catch (err) {
      if (!policy.mutating || err instanceof OutcomeUnknownError || !mayHaveActed(err)) throw err;
      throw new OutcomeUnknownError(
        operation,
        err,
        (err as SdkError).$metadata?.attempts ?? 1,
        token,
      );
    }
  }, { step: "initialize", name: "awsMcpIdempotencyToken", priority: "high" });

  // Inside the retry loop, once per attempt: a lost answer of a write that must not repeat
  // becomes an error the SDK does not retry.
  client.middlewareStack.add((next, context) => async (args) => {
    if (context[ONCE] === true && args.request && typeof args.request === "object") {
      ONCE_REQUESTS.add(args.request);
    }
    try {
      return await next(args);
    } catch (err) {
      if (context[ONCE] !== true || !mayHaveActed(err)) throw err;
      throw new OutcomeUnknownError(String(context[OPERATION]), err, 1, undefined);
    }
  }, { step: "finalizeRequest", name: "awsMcpWriteOnce", priority: "low" });
}
