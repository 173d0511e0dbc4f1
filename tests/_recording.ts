/**
 * Records every AWS call a tool makes, as the IAM action it needs, to check that each tool's
 * `iam` list covers what it really sends. Wrap a server's AWS provider and inventory with one
 * `CallRecorder`; calls are attributed to the tool whose handler (or guards, or confirm) made them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AwsProvider, AwsScope, ServiceName } from "../aws/clients.ts";
import type { ToolDefinition } from "../tools/tool.ts";

/** One AWS call, as IAM sees it. */
export interface RecordedCall {
  /** The tool whose handler made the call; `SERVER` for the server's own calls. */
  tool: string;
  /** `service:Action`, e.g. `ec2:DescribeInstances`. */
  action: string;
}

/** The pseudo tool of calls the server makes around a tool (the account lookup for results). */
export const SERVER = "(server)";

// The SDK's client name is the IAM prefix for every service the server uses today; a service
// whose prefix differs (e.g. a client `cloudWatchLogs` → `logs`) gets an entry here.
const PREFIX: Partial<Record<string, string>> = {};

// Operations whose IAM action differs from the API name (none for EC2, CloudWatch, Pricing, STS
// and IAM; Lambda's Invoke is lambda:InvokeFunction; S3 names many of its actions apart from its operations).
const ACTION_FOR: Partial<Record<string, string>> = {
  "s3:ListBuckets": "s3:ListAllMyBuckets",
  "s3:ListObjectsV2": "s3:ListBucket",
  "s3:HeadObject": "s3:GetObject",
  "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
  "s3:GetBucketEncryption": "s3:GetEncryptionConfiguration",
  "s3:GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
  "s3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
  "s3:GetBucketReplication": "s3:GetReplicationConfiguration",
  "s3control:GetPublicAccessBlock": "s3:GetAccountPublicAccessBlock",
  "lambda:Invoke": "lambda:InvokeFunction",
};

// Client members that are not AWS operations.
const NOT_OPERATIONS = new Set(["destroy", "constructor", "middlewareStack", "config"]);

/** `ec2` + `describeInstances` → `ec2:DescribeInstances`; `send(new XCommand())` → `…:X`. */
export function iamAction(service: string, method: string): string {
  const operation = method.charAt(0).toUpperCase() + method.slice(1);
  const action = `${PREFIX[service] ?? service}:${operation}`;
  return ACTION_FOR[action] ?? action;
}

/**
 * Gaps found and reported but not yet fixed in the tool (owned elsewhere), as `tool action`:
 * `assertCovered` prints them instead of failing. Remove an entry once the tool lists the action.
 */
export const KNOWN_GAPS: readonly string[] = [];

/** Records the calls of every tool served through `provider()` and `inventory()`. */
export class CallRecorder {
  /** Every call so far, in order. */
  readonly calls: RecordedCall[] = [];
  #current = new AsyncLocalStorage<string>();
  #iam = new Map<string, readonly string[]>();

  #record(service: string, method: string): void {
    this.calls.push({
      tool: this.#current.getStore() ?? SERVER,
      action: iamAction(service, method),
    });
  }

  /** The tools, each running its handler and confirm with calls attributed to it. */
  inventory(tools: readonly ToolDefinition[]): ToolDefinition[] {
    return tools.map((tool) => {
      this.#iam.set(tool.name, tool.iam);
      const { confirm, guards } = tool;
      return {
        ...tool,
        handler: (input, ctx) => this.#current.run(tool.name, () => tool.handler(input, ctx)),
        ...(confirm
          ? { confirm: (input, ctx) => this.#current.run(tool.name, () => confirm(input, ctx)) }
          : {}),
        ...(guards
          ? { guards: (input, ctx) => this.#current.run(tool.name, () => guards(input, ctx)) }
          : {}),
      } satisfies ToolDefinition;
    });
  }

  /** The provider, with every client method call and identity lookup recorded. */
  provider(inner: AwsProvider): AwsProvider {
    const wrapScope = (scope: AwsScope): AwsScope => ({
      ...scope,
      region: scope.region,
      identity: () => {
        this.#record("sts", "getCallerIdentity");
        return scope.identity();
      },
      client: async <S extends ServiceName>(service: S, region?: string) =>
        this.#client(service, await scope.client(service, region)),
    });
    // A proxy rather than a copy, so members the provider gains later still pass through.
    return new Proxy(inner, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        if (prop !== "scope") return value.bind(target);
        return (...args: Parameters<AwsProvider["scope"]>) => wrapScope(target.scope(...args));
      },
    });
  }

  #client<T extends object>(service: string, client: T): T {
    return new Proxy(client, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || typeof prop !== "string" || NOT_OPERATIONS.has(prop)) {
          return value;
        }
        return (...args: unknown[]) => {
          if (prop === "send") {
            // Paginators and waiters send command objects: `DescribeInstancesCommand`.
            const name = (args[0] as { constructor?: { name?: string } })?.constructor?.name ?? "";
            this.#record(service, name.replace(/Command$/, ""));
          } else {
            this.#record(service, prop);
          }
          return Reflect.apply(value, target, args);
        };
      },
    });
  }

  /** Recorded actions a tool's `iam` list lacks, one per tool and action; server calls excluded. */
  uncovered(): RecordedCall[] {
    const seen = new Set<string>();
    return this.calls.filter((call) => {
      const key = `${call.tool} ${call.action}`;
      if (call.tool === SERVER || seen.has(key)) return false;
      seen.add(key);
      return !(this.#iam.get(call.tool) ?? []).includes(call.action);
    });
  }

  /** Throws, naming each tool and the actions its `iam` list lacks (known gaps only printed). */
  assertCovered(): void {
    const missing = this.uncovered().filter((call) => {
      const known = KNOWN_GAPS.includes(`${call.tool} ${call.action}`);
      if (known) console.error(`IAM coverage: known gap, still open: ${call.tool} ${call.action}`);
      return !known;
    });
    if (missing.length === 0) return;
    const byTool = Map.groupBy(missing, (c) => c.tool);
    const lines = [...byTool].map(([tool, calls]) =>
      `${tool} sends ${calls.map((c) => c.action).join(", ")}, not in its iam list`
    );
    throw new Error(`IAM coverage: ${lines.join("; ")}`);
  }
}
