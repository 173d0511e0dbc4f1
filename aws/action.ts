/**
 * Which IAM action a failed AWS call needed: AWS names it in most denials ("… is not authorized
 * to perform: ec2:RunInstances on resource …"); otherwise the operation that failed does.
 */
import type { AwsScope, ServiceName } from "./clients.ts";

/** The IAM prefix of a service whose client name differs from it. */
const PREFIX: Partial<Record<string, string>> = { cloudwatchlogs: "logs", logs: "logs" };

const FAILED_ACTION: unique symbol = Symbol("aws-mcp.failedAction");

/** The IAM action an AWS error message names as denied, if it names one. */
export function deniedInMessage(message: string | undefined): string | undefined {
  const m = /not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message ?? "") ??
    /allows the ([a-z0-9-]+:[A-Za-z0-9]+) action/.exec(message ?? "");
  return m?.[1];
}

/** The IAM action a failed call needed: named by AWS, else the operation that failed. */
export function failedAction(err: unknown): string | undefined {
  const e = err as { message?: string; [FAILED_ACTION]?: string } | undefined;
  return deniedInMessage(e?.message) ?? e?.[FAILED_ACTION];
}

/** `ec2` + `runInstances` → `ec2:RunInstances`. */
function actionOf(service: string, method: string): string {
  return `${PREFIX[service] ?? service}:${method.charAt(0).toUpperCase()}${method.slice(1)}`;
}

/** A scope whose clients mark each failure with the IAM action of the operation that failed. */
export function markFailedActions(scope: AwsScope): AwsScope {
  return {
    ...scope,
    region: scope.region,
    identity: () => scope.identity(),
    client: async <S extends ServiceName>(service: S, region?: string) => {
      const client = await scope.client(service, region);
      return new Proxy(client, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver);
          if (typeof value !== "function" || typeof prop !== "string" || prop === "send") {
            return value;
          }
          return (...args: unknown[]) => {
            const result = Reflect.apply(value, target, args);
            if (!(result instanceof Promise)) return result;
            return result.catch((err: unknown) => {
              if (err && typeof err === "object" && !(FAILED_ACTION in err)) {
                Object.defineProperty(err, FAILED_ACTION, { value: actionOf(service, prop) });
              }
              throw err;
            });
          };
        },
      });
    },
  };
}
