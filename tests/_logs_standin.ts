import { forward, type StandIn, startStandIn } from "./_standin.ts";

/** The JSON 1.1 target prefix the CloudWatch Logs SDK sends in `X-Amz-Target`. */
export const LOGS_TARGET = "Logs_20140328";

/** One Logs request the stand-in answered itself. */
export interface LogsCall {
  /** The operation, e.g. `StartQuery`. */
  operation: string;
  /** The JSON body the SDK sent. */
  input: Record<string, unknown>;
}

/** A faked operation's answer: the JSON body, or a whole Response (e.g. `logsError`). */
export type LogsFakes = Partial<Record<string, (input: Record<string, unknown>) => unknown>>;

/** A stand-in with the faked Logs calls it answered. */
export interface LogsStandIn extends StandIn {
  calls: LogsCall[];
}

/** A CloudWatch Logs JSON 1.1 error response. */
export function logsError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ __type: code, message }), {
    status,
    headers: { "content-type": "application/x-amz-json-1.1" },
  });
}

/**
 * Serves the Logs operations moto lacks or cannot show (StopQuery, a query that is still
 * "Running") over the real JSON 1.1 wire protocol (POST /, `X-Amz-Target:
 * Logs_20140328.<Operation>`), forwarding everything else to moto.
 */
export function startLogsStandIn(fakes: LogsFakes, motoUrl: string | undefined): LogsStandIn {
  const calls: LogsCall[] = [];
  const standIn = startStandIn(async (request, body) => {
    const target = request.headers.get("x-amz-target") ?? "";
    const operation = target.startsWith(`${LOGS_TARGET}.`)
      ? target.slice(LOGS_TARGET.length + 1)
      : "";
    const fake = fakes[operation];
    if (fake && request.method === "POST") {
      const input = JSON.parse(body || "{}") as Record<string, unknown>;
      calls.push({ operation, input });
      const answer = await fake(input);
      if (answer instanceof Response) return answer;
      return new Response(JSON.stringify(answer), {
        headers: { "content-type": "application/x-amz-json-1.1" },
      });
    }
    if (motoUrl) return await forward(request, body, motoUrl);
    return logsError(400, "UnknownOperationException", `stand-in fakes no ${target}`);
  });
  return Object.assign(standIn, { calls });
}
