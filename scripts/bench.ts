/**
 * `deno task bench`: the figures DESIGN.md budgets, in one run.
 * - start → initialize answer of `deno run` with the production permissions (median of 7)
 * - tools/list time and bytes; model-facing tokens per tool (name + description + input schema)
 * - ec2_list_instances through MCP vs the bare DescribeInstances SDK call against moto
 * Uses MOTO_ENDPOINT, or starts moto with scripts/moto.sh for the last figure.
 */
// Loaded from a variable so neither deno.json nor deno.lock lists it (the bench task runs with
// --no-lock): `deno task start` installs every package those files name.
const TOKENIZER = "npm:@anthropic-ai/tokenizer@0.0.4";
const { countTokens } = await import(TOKENIZER) as { countTokens: (text: string) => number };
import { AwsClients } from "../aws/clients.ts";
import { defaultConfig } from "../server/config.ts";
import { registerTool, selectTools } from "../server/registry.ts";
import { allTools } from "../tools/mod.ts";
import {
  connect,
  motoEc2,
  motoImageId,
  productionRunArgs,
  useMotoCredentials,
} from "../tests/_helpers.ts";
import { startStandIn } from "../tests/_standin.ts";

const root = new URL("..", import.meta.url).pathname;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** Spawns the server, sends initialize (+ tools/list) and times the answers. */
async function startOnce(): Promise<{ initialize: number; toolsList: number; listBytes: number }> {
  const started = performance.now();
  const child = new Deno.Command("deno", {
    args: productionRunArgs(),
    cwd: root,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: { AWS_REGION: "us-east-1" },
  }).spawn();
  const writer = child.stdin.getWriter();
  const send = (message: unknown) =>
    writer.write(new TextEncoder().encode(JSON.stringify(message) + "\n"));
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  const next = async (): Promise<string> => {
    while (!buffered.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("server closed stdout");
      buffered += value;
    }
    const i = buffered.indexOf("\n");
    const line = buffered.slice(0, i);
    buffered = buffered.slice(i + 1);
    return line;
  };
  await send({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: {
      protocolVersion: "2025-11-25",
      capabilities: {},
      clientInfo: { name: "bench", version: "0" },
    },
  });
  await next();
  const initialize = performance.now() - started;
  await send({ jsonrpc: "2.0", method: "notifications/initialized" });
  const listStart = performance.now();
  await send({ jsonrpc: "2.0", id: 2, method: "tools/list" });
  const list = await next();
  const toolsList = performance.now() - listStart;
  await writer.close();
  child.kill();
  await child.status;
  await reader.cancel().catch(() => {});
  return { initialize, toolsList, listBytes: new TextEncoder().encode(list).length };
}

async function startup() {
  await startOnce(); // warm the module cache, as a user's second start would be
  const runs = [];
  for (let i = 0; i < 7; i++) runs.push(await startOnce());
  console.log(
    `start → initialize (deno run, median of 7): ${
      ms(median(runs.map((r) => r.initialize)))
    }  [budget ≤ 150 ms]`,
  );
  console.log(
    `tools/list (median of 7): ${ms(median(runs.map((r) => r.toolsList)))}, ${
      runs[0]!.listBytes
    } bytes  [budget < 20 ms]`,
  );
}

function catalogue() {
  const everything = { ...defaultConfig(), allowDestructive: true };
  const listings = selectTools(allTools, everything).map((t) => registerTool(t).listing());
  const rows = listings.map((l) => ({
    name: l.name,
    tokens: countTokens(`${l.name}\n${l.description ?? ""}\n${JSON.stringify(l.inputSchema)}`),
  }));
  const total = rows.reduce((sum, r) => sum + r.tokens, 0);
  console.log(
    `tools: ${rows.length}; model-facing tokens (name + description + input schema): ${total} total, ${
      (total / rows.length).toFixed(0)
    } per tool on average  [budget ≤ 200]`,
  );
  for (const r of rows.sort((a, b) => b.tokens - a.tokens)) {
    console.log(`  ${r.name.padEnd(36)} ${r.tokens}`);
  }
}

async function withMoto<T>(fn: (endpoint: string) => Promise<T>): Promise<T> {
  const given = Deno.env.get("MOTO_ENDPOINT");
  if (given) return fn(given);
  const out = await new Deno.Command("bash", {
    args: ["scripts/moto.sh", "start"],
    cwd: root,
    stdout: "piped",
  }).output();
  const vars = Object.fromEntries(
    new TextDecoder().decode(out.stdout).trim().split("\n").map((l) =>
      l.split("=") as [string, string]
    ),
  );
  if (!vars.MOTO_ENDPOINT) throw new Error("moto did not start");
  try {
    return await fn(vars.MOTO_ENDPOINT);
  } finally {
    await new Deno.Command("bash", { args: ["scripts/moto.sh", "stop", vars.MOTO_PID!], cwd: root })
      .output();
  }
}

async function overhead(endpoint: string) {
  const region = "ap-southeast-4";
  useMotoCredentials();
  const ec2 = await motoEc2(endpoint, region);
  const tag = { Key: "bench", Value: crypto.randomUUID() };
  await ec2.runInstances({
    ImageId: await motoImageId(ec2),
    MinCount: 25,
    MaxCount: 25,
    TagSpecifications: [{ ResourceType: "instance", Tags: [tag] }],
  });
  const aws = new AwsClients({ profile: undefined, region, userAgent: "bench", endpoint });
  const { client, close } = await connect({ ...defaultConfig(), region }, { aws });
  const bare = await aws.client("ec2", region);
  const filters = [{ Name: `tag:${tag.Key}`, Values: [tag.Value] }];
  const viaMcp = () =>
    client.callTool({ name: "ec2_list_instances", arguments: { tags: { [tag.Key]: tag.Value } } });
  const viaSdk = () => bare.describeInstances({ Filters: filters, MaxResults: 1000 });
  for (let i = 0; i < 5; i++) await Promise.all([viaMcp(), viaSdk()]);
  const mcp: number[] = [];
  const sdk: number[] = [];
  for (let i = 0; i < 30; i++) {
    let t = performance.now();
    await viaSdk();
    sdk.push(performance.now() - t);
    t = performance.now();
    await viaMcp();
    mcp.push(performance.now() - t);
  }
  await close();
  const ratio = median(mcp) / median(sdk);
  console.log(
    `ec2_list_instances through MCP (in-process client) vs bare DescribeInstances on moto, 25 rows, median of 30: ${
      ms(median(mcp))
    } vs ${ms(median(sdk))} = ${ratio.toFixed(2)}x  [budget < 1.2x]`,
  );
}

async function fanOutOnce(endpoint: string, label: string) {
  const regions = [
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ];
  useMotoCredentials();
  const aws = new AwsClients({
    profile: undefined,
    region: "us-east-1",
    userAgent: "bench",
    endpoint,
  });
  const { client, close } = await connect({ ...defaultConfig(), region: "us-east-1" }, { aws });
  const one = () => client.callTool({ name: "vpc_list_vpcs", arguments: { region: "eu-west-1" } });
  const eight = () => client.callTool({ name: "vpc_list_vpcs", arguments: { regions } });
  for (let i = 0; i < 2; i++) await Promise.all([one(), eight()]);
  const single: number[] = [];
  const fanned: number[] = [];
  for (let i = 0; i < 9; i++) {
    let t = performance.now();
    await one();
    single.push(performance.now() - t);
    t = performance.now();
    await eight();
    fanned.push(performance.now() - t);
  }
  await close();
  console.log(
    `fan-out ${label}: vpc_list_vpcs over 8 regions vs 1, median of 9: ${ms(median(fanned))} vs ${
      ms(median(single))
    } = ${(median(fanned) / median(single)).toFixed(2)}x  [about 1x, not 8x]`,
  );
}

async function fanOut(endpoint: string) {
  // moto answers one request at a time, so 8 concurrent regions queue behind each other there;
  // real AWS calls are dominated by network latency, which a stand-in answering every call after
  // 100 ms (canned EC2/STS XML, no moto behind it) isolates: that is the server's own fan-out.
  await fanOutOnce(endpoint, "on moto (which answers one request at a time)");
  const latency = startStandIn(async (_request, body) => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const xml = body.includes("Action=GetCallerIdentity")
      ? `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/bench</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`
      : `<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><vpcSet><item><vpcId>vpc-0123456789abcdef0</vpcId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock><isDefault>true</isDefault></item></vpcSet></DescribeVpcsResponse>`;
    return new Response(xml, { headers: { "content-type": "text/xml" } });
  });
  try {
    await fanOutOnce(latency.url, "against a stand-in answering in 100 ms, like a remote region");
  } finally {
    await latency.close();
  }
}

async function httpThroughput(endpoint: string) {
  const { serveHttp } = await import("../server/http.ts");
  const { serverFactory } = await import("../server/server.ts");
  useMotoCredentials();
  const aws = new AwsClients({
    profile: undefined,
    region: "eu-west-1",
    userAgent: "bench",
    endpoint,
  });
  const server = serveHttp(serverFactory({ ...defaultConfig(), region: "eu-west-1" }, { aws }), {
    host: "127.0.0.1",
    port: 0,
    token: "bench",
  });
  const url = `http://127.0.0.1:${server.addr.port}/mcp`;
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name: "vpc_list_vpcs", arguments: {} },
  });
  const callOnce = async () => {
    const r = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: "Bearer bench",
      },
      body,
    });
    const text = await r.text();
    if (r.status !== 200 || !text.includes('"vpcs"')) {
      throw new Error(`HTTP call failed: ${r.status}`);
    }
  };
  await callOnce();
  const clients = 8;
  const perClient = 25;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i++) await callOnce();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await server.shutdown();
  console.log(
    `HTTP: ${clients} concurrent clients × ${perClient} calls of vpc_list_vpcs on moto: ${
      (clients * perClient / seconds).toFixed(0)
    } calls/s (${ms(seconds * 1000 / (clients * perClient / clients))} per call per client)`,
  );
}

await startup();
catalogue();
await withMoto(async (endpoint) => {
  await overhead(endpoint);
  await fanOut(endpoint);
  await httpThroughput(endpoint);
});
