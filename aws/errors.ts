import { CaBundleError, transportFailure } from "./http_handler.ts";

/** An expected failure with a code, a one-line message and a recovery hint for the model. */
export class ToolError extends Error {
  /** Creates an error that reads `code: message — hint` to the model. */
  constructor(readonly code: string, message: string, readonly hint?: string) {
    super(message);
    this.name = code;
  }
}

/** What error mapping needs to know about the failed call. */
export interface ErrorContext {
  /** IAM actions the tool needs. */
  iam: readonly string[];
  /** Region the call went to. */
  region: string;
  /** Named profile in use, if any. */
  profile: string | undefined;
  /** The read tool that shows whether a write whose answer was lost took effect. */
  verify?: string | undefined;
}

/** A failure described for the model. */
export interface MappedError {
  code: string;
  message: string;
  hint?: string;
}

const ACCESS_DENIED = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedAccess",
  "Forbidden",
]);
const THROTTLED = new Set([
  "Throttling",
  "ThrottlingException",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "RequestThrottled",
  "SlowDown",
]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);
const BAD_CREDENTIALS = new Set([
  "InvalidClientTokenId",
  "AuthFailure",
  "SignatureDoesNotMatch",
  "UnrecognizedClientException",
]);
const NETWORK = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ECONNRESET", "EHOSTUNREACH"]);

function loginHint(profile: string | undefined): string {
  const p = profile ? ` --profile ${profile}` : "";
  return `log in (aws sso login${p}) or configure credentials (aws configure${p}, AWS_PROFILE, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY), then retry`;
}

/** At most `max` characters of a text (an echoed input, a long message), saying what was cut. */
export function clip(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

// The SDK's advice to its programmer ("inspect the hidden field {error}.$response") means
// nothing to a model: such sentences are dropped, and a message left empty says what happened.
const SDK_INTERNAL = /[^.:]*(\$response|\$metadata|hidden field)[^.]*\.?/gi;

/** An error message as one line for the model, without the SDK's internal advice. */
export function cleanMessage(text: string): string {
  const clean = text.replace(SDK_INTERNAL, "").replace(/\s+/g, " ").trim().replace(/:$/, "");
  return clean || "AWS sent a response the SDK could not read";
}

// AWS messages may quote an input whole: a short line, however long the input was.
function oneLine(text: string): string {
  return clip(cleanMessage(text).replace(/\.$/, ""), 400);
}

/** `Code: message` of any thrown value, in one clean line (for notes inside a result). */
export function errorLine(err: unknown): string {
  const e = (err ?? {}) as { name?: string; Code?: string; message?: string };
  const name = e.Code ?? e.name ?? "Error";
  return `${name}: ${clip(cleanMessage(e.message || name), 400)}`;
}

/**
 * "STATUS content-type" when the answer did not come from AWS: a body that is neither XML nor
 * JSON (an HTML error page of a proxy or an emulator), which the SDK could not parse.
 */
function notAws(err: unknown): string | undefined {
  const response =
    (err as { $response?: { statusCode?: number; headers?: Record<string, string> } })
      ?.$response;
  if (!response?.statusCode) return undefined;
  // A HEAD answer has no body, so the SDK names it from the status alone (S3's NotFound); an
  // emulator may label that empty answer text/html.
  const name = (err as { name?: string })?.name ?? "";
  if (response.statusCode === 404 && /^(NotFound|NoSuch\w+)$/.test(name)) return undefined;
  const type = Object.entries(response.headers ?? {})
    .find(([k]) => k.toLowerCase() === "content-type")?.[1]?.split(";")[0]?.trim() ?? "";
  if (/xml|json|cbor|octet-stream/i.test(type)) return undefined;
  return `${response.statusCode} ${type || "without a content type"}`;
}

/** Maps any thrown value to a code, a one-line message and a hint the model can act on. */
export function mapError(err: unknown, ctx: ErrorContext): MappedError {
  if (err instanceof ToolError) {
    return { code: err.code, message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  }
  if (err instanceof CaBundleError) {
    return {
      code: "InvalidCaBundle",
      message: `the CA bundle cannot be loaded: ${oneLine(err.message)}`,
      hint:
        "fix or replace the PEM file AWS_CA_BUNDLE or the profile's ca_bundle names (the start line says which) and restart",
    };
  }
  const transport = transportFailure(err);
  if (transport?.kind === "tls") {
    return {
      code: "UntrustedCertificate",
      message: oneLine(transport.detail),
      hint:
        "the endpoint's certificate is not signed by a trusted CA (TLS inspection?): point AWS_CA_BUNDLE, the profile's ca_bundle or NODE_EXTRA_CA_CERTS at your CA's PEM file and restart",
    };
  }
  if (transport?.kind === "reset" && (err as { name?: string }).name !== "OutcomeUnknown") {
    return {
      code: "ConnectionReset",
      message: `the connection was closed before an answer came (${oneLine(transport.detail)})`,
      hint: "a read may be repeated; check the network or endpoint if it persists",
    };
  }
  if (transport) {
    return {
      code: "EndpointUnreachable",
      message: oneLine(transport.detail),
      hint:
        `check the network, any HTTPS_PROXY/NO_PROXY, the region (${ctx.region}) and any AWS_ENDPOINT_URL setting; retryable if transient`,
    };
  }
  const unexpected = notAws(err);
  if (unexpected) {
    return {
      code: "UnexpectedResponse",
      message: `the endpoint answered HTTP ${unexpected}, not AWS`,
      hint: "check AWS_ENDPOINT_URL or your proxy",
    };
  }
  const e = (err ?? {}) as { name?: string; Code?: string; code?: string; message?: string };
  // The SDK names some errors by their shape's class; the wire's error code is in `Code`.
  const name = e.Code ?? e.name ?? "Error";
  const message = oneLine(e.message || name);
  if (name === "OutcomeUnknown") {
    return {
      code: name,
      message,
      hint: `check with ${
        ctx.verify ?? "the toolset's list or describe tools"
      } whether it took effect before calling again`,
    };
  }
  if (e.code === "ECONNRESET" || e.code === "EPIPE") {
    // The SDK names a reset "TimeoutError"; nothing timed out.
    return {
      code: "ConnectionReset",
      message: `the connection was closed before an answer came (${e.code})`,
      hint: "a read may be repeated; check the network or endpoint if it persists",
    };
  }
  if (ACCESS_DENIED.has(name)) {
    return {
      code: name,
      message,
      hint: `the caller needs IAM permission for ${ctx.iam.join(", ")} in ${ctx.region}`,
    };
  }
  if (/NotFound(Exception)?$/.test(name) || name.startsWith("NoSuch")) {
    return {
      code: name,
      message,
      hint:
        `check the id exists in ${ctx.region} (list the resources there, or pass another region)`,
    };
  }
  if (name.endsWith(".Malformed") || name === "InvalidParameterValue") {
    return { code: name, message, hint: "fix the argument and retry" };
  }
  if (THROTTLED.has(name)) {
    return {
      code: name,
      message,
      hint: "retryable: AWS is throttling; wait a few seconds and retry",
    };
  }
  if (name === "OptInRequired") {
    return {
      code: name,
      message,
      hint:
        `region ${ctx.region} is not enabled for this account: enable it in the account settings or choose another region`,
    };
  }
  if (EXPIRED.has(name)) {
    return { code: name, message, hint: `the credentials have expired: ${loginHint(ctx.profile)}` };
  }
  if (BAD_CREDENTIALS.has(name)) {
    return {
      code: name,
      message,
      hint:
        `the credentials were rejected; if ${ctx.region} is an opt-in region, enable it for the account, otherwise ${
          loginHint(ctx.profile)
        }`,
    };
  }
  if (name === "CredentialsProviderError" || name === "TokenProviderError") {
    if (/sso/i.test(message)) {
      const p = ctx.profile ? ` --profile ${ctx.profile}` : "";
      return { code: "SsoLoginRequired", message, hint: `run aws sso login${p}, then retry` };
    }
    return { code: "NoCredentials", message, hint: loginHint(ctx.profile) };
  }
  if (name === "TimeoutError" || name === "RequestTimeout" || name === "RequestTimeoutException") {
    return { code: "Timeout", message, hint: "retryable: the request timed out; retry later" };
  }
  if (name === "AbortError") {
    return { code: "Cancelled", message: "the request was cancelled" };
  }
  if (name === "NotCapable" || name === "PermissionDenied") {
    return {
      code: "DenoPermission",
      message,
      hint:
        "the server lacks a Deno permission for this; start it with the permission set of the README",
    };
  }
  if (e.code && NETWORK.has(e.code)) {
    return {
      code: "EndpointUnreachable",
      message,
      hint:
        `check the network, the region (${ctx.region}) and any AWS_ENDPOINT_URL setting; retryable if transient`,
    };
  }
  const fault = (err as { $fault?: string })?.$fault;
  if (fault === "server") {
    return { code: name, message, hint: "retryable: AWS reported a server error; retry later" };
  }
  if (fault === "client") {
    return { code: name, message, hint: "check the arguments against the tool's schema" };
  }
  return { code: name === "Error" ? "InternalError" : name, message };
}

/** Formats a mapped error as the single line the model reads. */
export function formatError(error: MappedError): string {
  return error.hint
    ? `${error.code}: ${error.message} — ${error.hint}`
    : `${error.code}: ${error.message}`;
}
