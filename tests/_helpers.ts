import manifest from "../deno.json" with { type: "json" };
import { type CallToolResult } from "../server/mcp.ts";
import { allTools } from "../tools/mod.ts";
import { Client, InMemoryTransport } from "./_mcp.ts";
import { CallRecorder } from "./_recording.ts";
import type { AwsProvider, AwsScope, CallerIdentity, ServiceClients } from "../aws/clients.ts";
import { type Config, defaultConfig } from "../server/config.ts";
import { createServer, type ServerOptions } from "../server/server.ts";

/** A connected in-process MCP client and a way to close both ends. */
export interface Connected {
  client: Client;
  close(): Promise<void>;
}

/** Starts the server in-process and connects a real MCP client over InMemoryTransport. */
export async function connect(
  config: Partial<Config> = {},
  options: ServerOptions = {},
  clientOptions: ConstructorParameters<typeof Client>[1] = {},
): Promise<Connected> {
  const server = createServer({ ...defaultConfig(), ...config }, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: "aws-mcp-test", version: "0.0.0" }, clientOptions);
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return {
    client,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/** Calls a tool and returns the raw MCP result. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return await client.callTool({ name, arguments: args }) as CallToolResult;
}

/** The text of a result's first content block. */
export function text(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === "text" ? first.text : "";
}

/** Calls a tool that must succeed and returns its structured content. */
export async function callOk<T = Record<string, unknown>>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const result = await call(client, name, args);
  if (result.isError) throw new Error(`${name} failed: ${text(result)}`);
  return result.structuredContent as T;
}

/** Stub clients per service, each a partial object of the SDK's aggregated client. */
export type StubClients = {
  [S in keyof ServiceClients]?: Partial<Record<keyof ServiceClients[S], unknown>>;
};

/** An AWS provider whose clients are the given stubs, for hermetic tests. */
export function stubAws(
  clients: StubClients,
  options: { region?: string; identity?: CallerIdentity; profile?: string } = {},
): AwsProvider & { calls: { service: string; method: string; input: unknown }[] } {
  const calls: { service: string; method: string; input: unknown }[] = [];
  const identity = options.identity ??
    { account: "123456789012", arn: "arn:aws:iam::123456789012:user/alice", userId: "AIDAEXAMPLE" };
  return {
    calls,
    profile: options.profile,
    defaultRegion: () => Promise.resolve(options.region ?? "us-east-1"),
    scope(region: string): AwsScope {
      return {
        region,
        identity: () => Promise.resolve(identity),
        client: (service) => {
          const stub = (clients[service] ?? {}) as Record<string, (input: unknown) => unknown>;
          const recording = new Proxy(stub, {
            get: (target, method) => {
              if (typeof method !== "string" || method === "then") return undefined;
              return (input: unknown) => {
                calls.push({ service, method, input });
                const fn = target[method];
                if (!fn) throw new Error(`stub ${service}.${method} not provided`);
                // Like the SDK, a failure is a rejected promise, never a synchronous throw.
                return Promise.resolve().then(() => fn(input));
              };
            },
          });
          return Promise.resolve(recording as never);
        },
      };
    },
  };
}

/** The moto endpoint for integration tests, from MOTO_ENDPOINT. */
export const MOTO_ENDPOINT = Deno.env.get("MOTO_ENDPOINT");

/**
 * Registers an integration test that needs moto: skipped (and said so) without MOTO_ENDPOINT,
 * failed under CI=true, where .ci/run must have started it.
 */
export function motoTest(
  name: string,
  fn: (endpoint: string, t: Deno.TestContext) => Promise<void>,
) {
  if (MOTO_ENDPOINT) {
    Deno.test(name, (t) => fn(MOTO_ENDPOINT, t));
  } else if (Deno.env.get("CI") === "true") {
    Deno.test(name, () => {
      throw new Error(
        "MOTO_ENDPOINT is not set: under CI=true moto is required (.ci/run starts it)",
      );
    });
  } else {
    console.error(`skipped (no MOTO_ENDPOINT; run scripts/moto.sh start): ${name}`);
    Deno.test({ name: `${name} [skipped: no moto]`, ignore: true, fn: () => {} });
  }
}

/** Test credentials moto accepts; set in this process for SDK clients pointed at moto. */
export function useMotoCredentials(): void {
  Deno.env.set("AWS_ACCESS_KEY_ID", "testing");
  Deno.env.set("AWS_SECRET_ACCESS_KEY", "testing");
  Deno.env.delete("AWS_PROFILE");
  Deno.env.set("AWS_EC2_METADATA_DISABLED", "true");
}

/** A server connected to moto through the real SDK clients, in one region. */
export async function connectMoto(
  endpoint: string,
  region: string,
  config: Partial<Config> = {},
  options: Omit<ServerOptions, "aws"> = {},
  clientOptions: ConstructorParameters<typeof Client>[1] = {},
): Promise<Connected> {
  useMotoCredentials();
  const { AwsClients } = await import("../aws/clients.ts");
  const aws = new AwsClients({
    profile: undefined,
    region,
    userAgent: "aws-mcp-test",
    endpoint,
    ...(config.roleSessionName ? { roleSessionName: config.roleSessionName } : {}),
    ...(config.roleExternalId ? { roleExternalId: config.roleExternalId } : {}),
  });
  // Every moto test also checks that each AWS call a tool makes is in the tool's iam list.
  const recorder = new CallRecorder();
  const inventory = recorder.inventory(options.inventory ?? allTools);
  const connected = await connect(
    { region, ...config },
    { ...options, aws: recorder.provider(aws), inventory },
    clientOptions,
  );
  return {
    client: connected.client,
    close: async () => {
      await connected.close();
      recorder.assertCovered();
    },
  };
}

/** A bare SDK EC2 client on moto, for seeding data the way a user's account would have it. */
export async function motoEc2(endpoint: string, region: string) {
  useMotoCredentials();
  const { EC2 } = await import("@aws-sdk/client-ec2");
  return new EC2({
    region,
    endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
}

/** A Linux x86_64 AMI id that exists in moto's region, for RunInstances. */
export async function motoImageId(ec2: import("@aws-sdk/client-ec2").EC2): Promise<string> {
  const images = await ec2.describeImages({ Owners: ["amazon"] });
  const id = images.Images?.find((i) => i.Architecture === "x86_64" && i.Platform !== "Windows")
    ?.ImageId;
  if (!id) throw new Error("moto has no amazon x86_64 Linux image");
  return id;
}

/** `deno run` arguments of `deno task start` (the production permissions), $HOME expanded. */
export function productionRunArgs(home = Deno.env.get("HOME") ?? ""): string[] {
  return manifest.tasks.start.replaceAll("$HOME", home).split(/\s+/).slice(1);
}
