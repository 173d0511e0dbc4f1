import manifest from "../deno.json" with { type: "json" };
import type { CallToolResult } from "../server/mcp.ts";
import { allTools } from "../tools/mod.ts";
import { Client, ElicitRequestSchema, InMemoryTransport } from "./_mcp.ts";
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

/** Answers the client's confirmation prompts with `reply()`; returns the prompts as they come. */
function answerPrompts(
  client: Client,
  reply: () => "accept" | "decline" | "cancel",
): string[] {
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    const action = reply();
    return action === "accept" ? { action, content: { confirm: true } } : { action };
  });
  return asked;
}

/** The state of each instance carrying `tags`, by id, as ec2_list_instances sees it. */
export async function instanceStates(
  client: Client,
  tags: Record<string, string>,
): Promise<Record<string, string>> {
  const page = await callOk<{ instances: { id: string; state: string }[] }>(
    client,
    "ec2_list_instances",
    { tags },
  );
  return Object.fromEntries(page.instances.map((i) => [i.id, i.state]));
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

/** connectMoto for a client that confirms: `reply()` answers each prompt, `asked` collects them. */
export async function connectMotoAsking(
  endpoint: string,
  region: string,
  config: Partial<Config>,
  options: Omit<ServerOptions, "aws">,
  reply: () => "accept" | "decline" | "cancel",
): Promise<Connected & { asked: string[] }> {
  const connected = await connectMoto(endpoint, region, config, options, {
    capabilities: { elicitation: {} },
  });
  return { ...connected, asked: answerPrompts(connected.client, reply) };
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

/** The SDK EC2 client type, for the moto fixture helpers below. */
type Ec2 = import("@aws-sdk/client-ec2").EC2;

/** A bare SDK CloudWatch client on moto, for seeding alarms and metric data. */
export async function motoCloudWatch(endpoint: string, region: string) {
  useMotoCredentials();
  const { CloudWatch } = await import("@aws-sdk/client-cloudwatch");
  return new CloudWatch({
    region,
    endpoint,
    credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
  });
}

/** A `{ key: value }` record as AWS's `[{ Key, Value }]` tag list, in the record's order. */
export function tagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** TagSpecifications that tag one resource type with a `{ key: value }` record. */
export function tagSpecs(
  type: import("@aws-sdk/client-ec2").ResourceType,
  tags: Record<string, string>,
) {
  return [{ ResourceType: type, Tags: tagList(tags) }];
}

/** motoLaunch's options: count, tags, type (default t3.micro), AMI, other RunInstances input. */
export type MotoLaunch =
  & Omit<
    import("@aws-sdk/client-ec2").RunInstancesCommandInput,
    "ImageId" | "InstanceType" | "MinCount" | "MaxCount" | "TagSpecifications"
  >
  & {
    count?: number;
    tags?: Record<string, string>;
    type?: import("@aws-sdk/client-ec2")._InstanceType;
    image?: string;
  };

/** Launches `count` (default 1) tagged instances on moto's Linux AMI; returns their ids. */
export async function motoLaunch(
  ec2: Ec2,
  { count = 1, tags, type = "t3.micro", image, ...input }: MotoLaunch = {},
): Promise<string[]> {
  const out = await ec2.runInstances({
    ...input,
    ImageId: image ?? await motoImageId(ec2),
    InstanceType: type,
    MinCount: count,
    MaxCount: count,
    ...(tags ? { TagSpecifications: tagSpecs("instance", tags) } : {}),
  });
  return (out.Instances ?? []).map((i) => i.InstanceId as string);
}

/** Creates an internet gateway in moto, attached to `vpcId`; returns its id. */
export async function motoInternetGateway(
  ec2: Ec2,
  vpcId: string,
  tags?: Record<string, string>,
): Promise<string> {
  const id = (await ec2.createInternetGateway(
    tags ? { TagSpecifications: tagSpecs("internet-gateway", tags) } : {},
  )).InternetGateway?.InternetGatewayId as string;
  await ec2.attachInternetGateway({ InternetGatewayId: id, VpcId: vpcId });
  return id;
}

/** Creates a NAT gateway in moto on a new Elastic IP in `subnetId`; returns its id. */
export async function motoNatGateway(
  ec2: Ec2,
  subnetId: string,
  tags?: Record<string, string>,
): Promise<string> {
  const eip = await ec2.allocateAddress({ Domain: "vpc" });
  return (await ec2.createNatGateway({
    SubnetId: subnetId,
    AllocationId: eip.AllocationId,
    ...(tags ? { TagSpecifications: tagSpecs("natgateway", tags) } : {}),
  })).NatGateway?.NatGatewayId as string;
}

/** Adds a route `cidr` → `target` (an igw-, nat- or pcx- id) to a route table in moto. */
export async function motoRoute(ec2: Ec2, table: string, cidr: string, target: string) {
  const key = target.startsWith("nat-")
    ? "NatGatewayId"
    : target.startsWith("pcx-")
    ? "VpcPeeringConnectionId"
    : "GatewayId";
  await ec2.createRoute({ RouteTableId: table, DestinationCidrBlock: cidr, [key]: target });
}

/** Creates a route table in moto with routes `[cidr, target]`, associated with `subnets`. */
export async function motoRouteTable(
  ec2: Ec2,
  vpcId: string,
  { routes = [], subnets = [], tags }: {
    routes?: [string, string][];
    subnets?: string[];
    tags?: Record<string, string>;
  } = {},
): Promise<string> {
  const id = (await ec2.createRouteTable({
    VpcId: vpcId,
    ...(tags ? { TagSpecifications: tagSpecs("route-table", tags) } : {}),
  })).RouteTable?.RouteTableId as string;
  for (const [cidr, target] of routes) await motoRoute(ec2, id, cidr, target);
  for (const subnet of subnets) {
    await ec2.associateRouteTable({ RouteTableId: id, SubnetId: subnet });
  }
  return id;
}

/** The id of a VPC's main route table in moto. */
export async function motoMainRouteTable(ec2: Ec2, vpcId: string): Promise<string> {
  const main = await ec2.describeRouteTables({
    Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: "association.main", Values: ["true"] }],
  });
  return main.RouteTables?.[0]?.RouteTableId as string;
}

/** `deno run` arguments of `deno task start` (the production permissions), $HOME expanded. */
export function productionRunArgs(home = Deno.env.get("HOME") ?? ""): string[] {
  return manifest.tasks.start.replaceAll("$HOME", home).split(/\s+/).slice(1);
}

/** A DescribeTags stub answering that every resource asked about carries `key=value`. */
export function everyResourceTagged(key: string, value: string) {
  return (input: { Filters?: { Name?: string; Values?: string[] }[] }) => ({
    Tags: (input.Filters?.find((f) => f.Name === "resource-id")?.Values ?? []).map((id) => ({
      ResourceId: id,
      Key: key,
      Value: value,
    })),
  });
}
