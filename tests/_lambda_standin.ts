import { forward, type StandIn, startStandIn } from "./_standin.ts";

/** One Lambda request the stand-in answered itself. */
export interface LambdaCall {
  operation: "Invoke" | "ListProvisionedConcurrencyConfigs";
  function: string;
  headers: Headers;
  body: string;
}

/** What a faked Invoke answers: status, the X-Amz-* headers and the payload. */
export interface InvokeAnswer {
  status: number;
  functionError?: string;
  /** Plain text; the stand-in base64-encodes it into X-Amz-Log-Result as Lambda does. */
  logTail?: string | undefined;
  executedVersion?: string;
  payload?: string;
}

/** The operations faked; every other request goes to `motoUrl`. */
export interface LambdaFakes {
  Invoke?: (fn: string, headers: Headers, body: string) => InvokeAnswer | Response;
  /** The `ProvisionedConcurrencyConfigs` list for a function. */
  ListProvisionedConcurrencyConfigs?: (fn: string) => unknown[];
}

/** A stand-in with the faked Lambda calls it answered. */
export interface LambdaStandIn extends StandIn {
  calls: LambdaCall[];
}

/** A Lambda REST-JSON error response: the code in `x-amzn-errortype`, as Lambda sends it. */
export function lambdaError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ Type: "User", message }), {
    status,
    headers: { "content-type": "application/json", "x-amzn-errortype": code },
  });
}

const INVOKE = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const PROVISIONED = /^\/2019-09-30\/functions\/([^/]+)\/provisioned-concurrency$/;

/**
 * Serves what moto's Docker-less Lambda cannot (function errors and log tails of Invoke;
 * provisioned concurrency) over Lambda's REST-JSON protocol, forwarding the rest to moto.
 */
export function startLambdaStandIn(fakes: LambdaFakes, motoUrl: string | undefined): LambdaStandIn {
  const calls: LambdaCall[] = [];
  const standIn = startStandIn(async (request, body) => {
    const path = new URL(request.url).pathname;
    const invoke = INVOKE.exec(path);
    if (invoke && request.method === "POST" && fakes.Invoke) {
      const fn = decodeURIComponent(invoke[1]!);
      calls.push({ operation: "Invoke", function: fn, headers: request.headers, body });
      const answer = fakes.Invoke(fn, request.headers, body);
      if (answer instanceof Response) return answer;
      const headers = new Headers({ "content-type": "application/json" });
      if (answer.functionError) headers.set("x-amz-function-error", answer.functionError);
      if (answer.logTail) {
        const bytes = new TextEncoder().encode(answer.logTail);
        headers.set("x-amz-log-result", btoa(String.fromCharCode(...bytes)));
      }
      if (answer.executedVersion) headers.set("x-amz-executed-version", answer.executedVersion);
      return new Response(answer.payload ?? null, { status: answer.status, headers });
    }
    const provisioned = PROVISIONED.exec(path);
    if (provisioned && request.method === "GET" && fakes.ListProvisionedConcurrencyConfigs) {
      const fn = decodeURIComponent(provisioned[1]!);
      calls.push({
        operation: "ListProvisionedConcurrencyConfigs",
        function: fn,
        headers: request.headers,
        body,
      });
      return Response.json({
        ProvisionedConcurrencyConfigs: fakes.ListProvisionedConcurrencyConfigs(fn),
      });
    }
    if (motoUrl) return await forward(request, body, motoUrl);
    return lambdaError(404, "ResourceNotFoundException", `stand-in fakes no ${path}`);
  });
  return Object.assign(standIn, { calls });
}
