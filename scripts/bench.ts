/**
 * `deno task bench`: the figures DESIGN.md budgets, in one run.
 * - start → initialize answer, side by side with a bare MCP SDK server with one tool (the floor,
 *   scripts/bench_floor.ts): the default and `--toolsets all` catalogues under `deno run` with the
 *   production permissions, the README's launcher and `deno task start` (median of 9, as ratios)
 * - tools/list time and bytes; the default and `all` catalogues: tools, model-facing tokens (name
 *   + description + input schema), average and largest per tool
 * - ec2_list_instances through MCP vs the bare DescribeInstances SDK call against moto
 * Uses MOTO_ENDPOINT, or starts moto with scripts/moto.sh for the last figure.
 */
import { AwsClients } from "../aws/clients.ts";
import { catalogueEntries } from "../server/catalogue.ts";
import { parseCli } from "../server/cli.ts";
import { defaultConfig } from "../server/config.ts";
import type { ListToolsResult } from "../server/mcp.ts";
import { launcherScript } from "./compile.ts";
import { withNewMoto } from "./_moto.ts";
import { tokenCounter } from "./tokens.ts";
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

/** Spawns a server, sends initialize (+ tools/list) and times the answers. */
async function startOnce(
  command: string,
  args: string[],
): Promise<{ initialize: number; toolsList: number; listBytes: number }> {
  const started = performance.now();
  const child = new Deno.Command(command, {
    args,
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
      if (done) throw new Error(`${command} ${args.at(-1)}: server closed stdout`);
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
  const run = productionRunArgs();
  const flags = run.slice(0, -1); // the start task's `run` and permission flags, without main.ts
  const home = Deno.env.get("HOME") ?? "";
  const contenders: [string, string, string[]][] = [
    ["floor: bare MCP SDK server, one tool", "deno", [...flags, "scripts/bench_floor.ts"]],
    ["aws-mcp, default toolsets (deno run)", "deno", run],
    ["aws-mcp, --toolsets all (deno run)", "deno", [...run, "--toolsets", "all"]],
    ["aws-mcp, the README's launcher", "bash", [
      "-c",
      launcherScript(home, root.replace(/\/$/, "")),
      "aws-mcp",
    ]],
    ["aws-mcp, deno task start", "deno", ["task", "--quiet", "start"]],
  ];
  for (const [, command, args] of contenders) await startOnce(command, args); // warm the caches
  const times = contenders.map(() => [] as number[]);
  const lists: { toolsList: number; listBytes: number }[] = [];
  // Interleaved, so that a busy moment of the machine costs every contender alike.
  for (let i = 0; i < 9; i++) {
    for (const [k, [, command, args]] of contenders.entries()) {
      const r = await startOnce(command, args);
      times[k]!.push(r.initialize);
      if (k === 1) lists.push(r);
    }
  }
  const floor = median(times[0]!);
  console.log("start → initialize answer, median of 9:  [budget ≤ 1.3x the floor]");
  for (const [k, [label]] of contenders.entries()) {
    const t = median(times[k]!);
    console.log(`  ${label.padEnd(40)} ${ms(t).padStart(9)}  ${(t / floor).toFixed(2)}x`);
  }
  console.log(
    `tools/list, default toolsets (median of 9): ${ms(median(lists.map((r) => r.toolsList)))}, ${
      lists[0]!.listBytes
    } bytes  [budget < 20 ms]`,
  );
}

/** The catalogue a client of these flags lists, as the model reads it. */
async function catalogueOf(label: string, args: string[]) {
  const outcome = parseCli(args, {}, catalogueEntries());
  if (outcome.action !== "serve") throw new Error(outcome.stderr);
  const { client, close } = await connect(outcome.config);
  const { tools } = await client.listTools() as ListToolsResult;
  await close();
  const tokens = await tokenCounter();
  const rows = tools.map((t) => ({ name: t.name, tokens: tokens(t) }));
  const total = rows.reduce((sum, r) => sum + r.tokens, 0);
  const largest = rows.reduce((a, b) => (b.tokens > a.tokens ? b : a));
  console.log(
    `  ${label.padEnd(34)} ${String(rows.length).padStart(3)} tools ${
      String(total).padStart(6)
    } tokens, ${
      (total / rows.length).toFixed(1)
    } per tool, largest ${largest.tokens} (${largest.name})`,
  );
  return rows;
}

async function catalogue() {
  console.log(
    "catalogue, model-facing tokens (name + description + input schema):  [default ≤ 40 tools and ≤ 6,000 tokens in every mode; all ≤ 150 per tool, none over 300]",
  );
  await catalogueOf("default, read-only", []);
  await catalogueOf("default, --allow-write", ["--allow-write"]);
  await catalogueOf("default, --allow-destructive", ["--allow-destructive"]);
  const all = await catalogueOf("all, --allow-destructive", [
    "--toolsets",
    "all",
    "--allow-destructive",
  ]);
  for (const r of all.sort((a, b) => b.tokens - a.tokens).slice(0, 10)) {
    console.log(`    ${r.name.padEnd(38)} ${r.tokens}`);
  }
}

function withMoto<T>(fn: (endpoint: string) => Promise<T>): Promise<T> {
  const given = Deno.env.get("MOTO_ENDPOINT");
  return given ? fn(given) : withNewMoto(fn);
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
await catalogue();
await withMoto(async (endpoint) => {
  await overhead(endpoint);
  await fanOut(endpoint);
  await httpThroughput(endpoint);
});
