import { equal, match } from "node:assert/strict";
import { errorLine, formatError, mapError, ToolError } from "./errors.ts";

const ctx = { iam: ["ec2:DescribeInstances"], region: "eu-west-1", profile: "dev" };
const awsError = (name: string, message: string, fault: "client" | "server" = "client") =>
  Object.assign(new Error(message), { name, $fault: fault, $metadata: {} });

Deno.test("mapError names the missing IAM action on access denied", () => {
  const e = mapError(
    awsError("UnauthorizedOperation", "You are not authorized to perform this operation."),
    ctx,
  );
  equal(
    formatError(e),
    "UnauthorizedOperation: You are not authorized to perform this operation — the caller needs IAM permission for ec2:DescribeInstances in eu-west-1",
  );
});

Deno.test("mapError says which id and where on not found", () => {
  const e = mapError(
    awsError("InvalidInstanceID.NotFound", "The instance ID 'i-0123' does not exist"),
    ctx,
  );
  equal(e.code, "InvalidInstanceID.NotFound");
  match(e.hint ?? "", /check the id exists in eu-west-1/);
  for (
    const name of [
      "InvalidLaunchTemplateName.NotFoundException",
      "ResourceNotFoundException",
      "NoSuchBucket",
    ]
  ) {
    match(mapError(awsError(name, "gone"), ctx).hint ?? "", /check the id exists/, name);
  }
});

Deno.test("mapError marks throttling and server faults retryable", () => {
  match(
    mapError(awsError("RequestLimitExceeded", "Request limit exceeded."), ctx).hint ?? "",
    /^retryable/,
  );
  match(mapError(awsError("InternalError", "boom", "server"), ctx).hint ?? "", /^retryable/);
  match(
    mapError(Object.assign(new Error("timed out"), { name: "TimeoutError" }), ctx).hint ?? "",
    /^retryable/,
  );
});

Deno.test("mapError tells how to log in when credentials are missing or expired", () => {
  const none = mapError(
    Object.assign(new Error("Could not load credentials from any providers"), {
      name: "CredentialsProviderError",
    }),
    ctx,
  );
  equal(none.code, "NoCredentials");
  match(none.hint ?? "", /aws sso login --profile dev/);
  const sso = mapError(
    Object.assign(new Error("The SSO session associated with this profile has expired"), {
      name: "TokenProviderError",
    }),
    ctx,
  );
  equal(sso.code, "SsoLoginRequired");
  match(mapError(awsError("ExpiredToken", "expired"), ctx).hint ?? "", /credentials have expired/);
});

Deno.test("mapError explains a region that is not enabled", () => {
  match(
    mapError(awsError("OptInRequired", "not subscribed"), ctx).hint ?? "",
    /region eu-west-1 is not enabled/,
  );
  match(
    mapError(
      awsError("AuthFailure", "AWS was not able to validate the provided access credentials"),
      ctx,
    ).hint ?? "",
    /opt-in region/,
  );
});

Deno.test("mapError keeps a ToolError as it is and folds messages to one line", () => {
  equal(
    formatError(mapError(new ToolError("NoRegion", "no region", "pass region"), ctx)),
    "NoRegion: no region — pass region",
  );
  equal(mapError(new Error("line one\n  line two."), ctx).message, "line one line two");
  equal(mapError(new Error("x"), ctx).code, "InternalError");
  equal(
    mapError(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), ctx).code,
    "EndpointUnreachable",
  );
});

Deno.test("mapError names the CA settings on an untrusted certificate and the proxy on a failed connection", () => {
  const tls = mapError(
    new TypeError("fetch failed", {
      cause: new Error(
        "error sending request for url (https://ec2.eu-west-1.amazonaws.com/): client error (Connect): invalid peer certificate: UnknownIssuer",
      ),
    }),
    ctx,
  );
  equal(tls.code, "UntrustedCertificate");
  match(tls.message, /invalid peer certificate: UnknownIssuer/);
  match(tls.hint ?? "", /AWS_CA_BUNDLE, the profile's ca_bundle or NODE_EXTRA_CA_CERTS/);
  const refused = mapError(
    new TypeError("fetch failed", {
      cause: new Error(
        "client error (Connect): tcp connect error: Connection refused (os error 111)",
      ),
    }),
    ctx,
  );
  equal(refused.code, "EndpointUnreachable");
  match(refused.hint ?? "", /HTTPS_PROXY/);
});

Deno.test("mapError reports a non-AWS answer without the SDK's internals", () => {
  const html = Object.assign(
    new Error(
      "Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
    ),
    { $response: { statusCode: 500, headers: { "content-type": "text/html; charset=utf-8" } } },
  );
  equal(
    formatError(mapError(html, ctx)),
    "UnexpectedResponse: the endpoint answered HTTP 500 text/html, not AWS — check AWS_ENDPOINT_URL or your proxy",
  );
  // An AWS error with its usual XML body is still the AWS error.
  const xml = Object.assign(awsError("UnauthorizedOperation", "no"), {
    $response: { statusCode: 403, headers: { "content-type": "text/xml" } },
  });
  equal(mapError(xml, ctx).code, "UnauthorizedOperation");
});

Deno.test("SDK-internal advice never reaches the model", () => {
  const err = Object.assign(
    new Error(
      "Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.",
    ),
    { name: "SyntaxError" },
  );
  const mapped = mapError(err, { iam: [], region: "eu-west-1", profile: undefined });
  equal(mapped.message, "Deserialization error");
  equal(errorLine(err), "SyntaxError: Deserialization error");
  equal(
    errorLine(
      Object.assign(new Error("inspect the hidden field {error}.$response"), { name: "X" }),
    ),
    "X: AWS sent a response the SDK could not read",
  );
});
