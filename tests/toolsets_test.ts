import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import type { ListToolsResult } from "../server/mcp.ts";
import { catalogueEntries } from "../server/catalogue.ts";
import { parseCli } from "../server/cli.ts";
import type { Config } from "../server/config.ts";
import { serveHttp } from "../server/http.ts";
import { serverFactory } from "../server/server.ts";
import { call, callOk, connect, stubAws, text } from "./_helpers.ts";
import {
  Client,
  StreamableHTTPClientTransport,
  ToolListChangedNotificationSchema,
} from "./_mcp.ts";
import { tokens } from "./_tokens.ts";

const DEFAULT_TOOLSETS = ["aws", "ec2", "vpc", "ebs", "cloudwatch"];

/** The Config the CLI makes of these flags, as an operator would start the server. */
function configOf(args: string[]): Config {
  const outcome = parseCli(args, {}, catalogueEntries());
  if (outcome.action !== "serve") throw new Error(outcome.stderr);
  return outcome.config;
}

const stub = () =>
  stubAws({
    ec2: {
      describeSpotInstanceRequests: () => ({ SpotInstanceRequests: [] }),
      createSecurityGroup: () => ({ GroupId: "sg-0123456789abcdef0" }),
      describeVpcs: () => ({ Vpcs: [] }),
    },
  });

const names = async (client: Client) =>
  ((await client.listTools()) as ListToolsResult).tools.map((t) => t.name);

for (
  const [mode, flags] of [
    ["read-only", []],
    ["write", ["--allow-write"]],
    ["destructive", ["--allow-destructive"]],
  ] as const
) {
  Deno.test(`the default catalogue in ${mode} mode is at most 40 tools and 6,000 tokens`, async () => {
    const { client, close } = await connect(configOf([...flags]), { aws: stub() });
    try {
      const { tools } = await client.listTools() as ListToolsResult;
      const total = (await tokens(tools)).reduce((sum, n) => sum + n, 0);
      ok(tools.length <= 40, `${tools.length} tools, over 40`);
      ok(total <= 6000, `${total} tokens, over 6,000`);
      ok(tools.some((t) => t.name === "aws_list_toolsets"));
      ok(tools.some((t) => t.name === "aws_enable_toolsets"));
      ok(tools.some((t) => t.name === "ec2_list_instances"));
      ok(!tools.some((t) => t.name === "ec2_list_spot_requests"), "ec2_spot is not a default");
      const instructions = client.getInstructions() ?? "";
      match(instructions, new RegExp(`Enabled toolsets: ${DEFAULT_TOOLSETS.join(", ")}\\.`));
      match(instructions, /aws_enable_toolsets adds them/);
    } finally {
      await close();
    }
  });
}

Deno.test("aws_list_toolsets lists every toolset, enabled or not, with its tool count", async () => {
  const { client, close } = await connect(configOf([]), { aws: stub() });
  try {
    const lines = text(await call(client, "aws_list_toolsets")).split("\n");
    match(
      lines.find((l) => l.startsWith("ec2:")) ?? "",
      /^ec2: enabled, 6 tools \(\+5 need --allow-write\) — Instances/,
    );
    match(
      lines.find((l) => l.startsWith("ec2_spot:")) ?? "",
      /^ec2_spot: off, 2 tools \(\+2 need --allow-write\) — Spot/,
    );
    match(lines.find((l) => l.startsWith("ec2_security_groups:")) ?? "", /: unavailable, 0 tools/);
    match(lines.at(-1) ?? "", /Enable with aws_enable_toolsets\. Mode: read-only/);
  } finally {
    await close();
  }
});

Deno.test("enabling a toolset sends list_changed, names the new tools and makes them callable", async () => {
  const { client, close } = await connect(configOf([]), { aws: stub() });
  try {
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      changed++;
    });
    await rejects(
      call(client, "ec2_list_spot_requests"),
      /Unknown tool: ec2_list_spot_requests; it is in toolset ec2_spot: call aws_enable_toolsets with \["ec2_spot"\] first/,
    );
    const before = await names(client);
    const result = await call(client, "aws_enable_toolsets", { toolsets: ["ec2_spot"] });
    equal(result.isError, undefined, text(result));
    match(
      text(result),
      /^Enabled ec2_spot\. Now available: ec2_list_spot_requests, ec2_describe_spot_request\./,
    );
    match(text(result), /ec2_create_spot_instance \(--allow-write\)/);
    deepEqual(result.structuredContent, {
      enabled: ["ec2_spot"],
      tools: ["ec2_list_spot_requests", "ec2_describe_spot_request"],
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    equal(changed, 1);
    const after = await names(client);
    deepEqual(after.filter((n) => !before.includes(n)), [
      "ec2_list_spot_requests",
      "ec2_describe_spot_request",
    ]);
    deepEqual((await callOk(client, "ec2_list_spot_requests")).spot_requests, []);
    // Enabling it again changes nothing and says so, without a notification.
    match(
      text(await call(client, "aws_enable_toolsets", { toolsets: ["ec2_spot"] })),
      /^Already enabled: ec2_spot/,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    equal(changed, 1);
  } finally {
    await close();
  }
});

Deno.test("enabling never crosses the mode: a read-only server gains no write tool and AWS sees nothing", async () => {
  const aws = stub();
  const { client, close } = await connect(configOf([]), { aws });
  try {
    const before = await names(client);
    const result = await call(client, "aws_enable_toolsets", { toolsets: ["ec2_security_groups"] });
    equal(result.isError, true);
    match(
      text(result),
      /^ModeRequired: ec2_security_groups: no tool available in read-only mode — the operator must start the server with --allow-write/,
    );
    deepEqual(await names(client), before);
    await rejects(
      call(client, "ec2_create_security_group", {
        name: "x",
        description: "x",
        vpc_id: "vpc-0123456789abcdef0",
      }),
      /Unknown tool: ec2_create_security_group/,
    );
    deepEqual(aws.calls, []);
  } finally {
    await close();
  }
});

Deno.test("enabling in write mode adds a toolset's read and write tools, never its destructive ones", async () => {
  const { client, close } = await connect(configOf(["--allow-write"]), { aws: stub() });
  try {
    const result = await call(client, "aws_enable_toolsets", { toolsets: ["ec2_images"] });
    match(
      text(result),
      /^Enabled ec2_images\. Now available: ec2_describe_images, ec2_create_ami\. Not in this read and write server: ec2_deregister_ami \(--allow-destructive\)\./,
    );
    const listed = await names(client);
    ok(listed.includes("ec2_create_ami"));
    ok(!listed.includes("ec2_deregister_ami"));
    await rejects(
      call(client, "ec2_deregister_ami", { image_id: "ami-0123456789abcdef0" }),
      /Unknown tool: ec2_deregister_ami; it is destructive: the operator must start the server with --allow-destructive/,
    );
  } finally {
    await close();
  }
});

Deno.test("enabling stays within an explicit --toolsets allowlist and --tools", async () => {
  const limited = await connect(configOf(["--toolsets", "default,ec2_spot"]), { aws: stub() });
  try {
    ok((await names(limited.client)).includes("ec2_list_spot_requests"));
    const refused = await call(limited.client, "aws_enable_toolsets", { toolsets: ["pricing"] });
    equal(refused.isError, true);
    match(
      text(refused),
      /^ToolsetNotAllowed: the operator limited this server to --toolsets aws,ec2,vpc,ebs,cloudwatch,ec2_spot — pricing cannot be enabled/,
    );
    ok(!(await names(limited.client)).some((n) => n.startsWith("ec2_get_ondemand")));
    const unknown = await call(limited.client, "aws_enable_toolsets", { toolsets: ["nope"] });
    match(text(unknown), /^InvalidInput: toolsets: unknown "nope" — use some of: aws, ec2/);
  } finally {
    await limited.close();
  }
  const tools = await connect(configOf(["--tools", "ec2_list_instances,ec2_list_spot_requests"]), {
    aws: stub(),
  });
  try {
    deepEqual(await names(tools.client), [
      "aws_list_toolsets",
      "aws_enable_toolsets",
      "aws_whoami",
      "ec2_list_instances",
      "ec2_list_spot_requests",
    ]);
  } finally {
    await tools.close();
  }
});

Deno.test("--dynamic-toolsets false drops the discovery tools and the list_changed capability", async () => {
  const { client, close } = await connect(configOf(["--dynamic-toolsets", "false"]), {
    aws: stub(),
  });
  try {
    const listed = await names(client);
    ok(!listed.includes("aws_list_toolsets") && !listed.includes("aws_enable_toolsets"));
    ok(listed.includes("ec2_list_instances"));
    equal(client.getServerCapabilities()?.tools?.listChanged, undefined);
    await rejects(call(client, "aws_enable_toolsets", { toolsets: ["ec2_spot"] }), /Unknown tool/);
    await rejects(call(client, "ec2_list_spot_requests"), /the operator must add it to --toolsets/);
  } finally {
    await close();
  }
});

Deno.test("over stateless HTTP the discovery tools say enabling cannot last and name --toolsets", async () => {
  const token = "toolsets-test-token";
  const factory = serverFactory(configOf(["--transport", "http"]), { aws: stub() });
  const endpoint = serveHttp(factory, { host: "127.0.0.1", port: 0, token });
  const client = new Client({ name: "toolsets-test", version: "0.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${endpoint.addr.port}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  try {
    match(
      client.getInstructions() ?? "",
      /Others \(.*ec2_spot.*\) need the operator's --toolsets flag/,
    );
    match(
      text(await call(client, "aws_list_toolsets")),
      /Over stateless HTTP no session remembers an enabling: the operator sets the toolsets with --toolsets/,
    );
    const result = await call(client, "aws_enable_toolsets", { toolsets: ["ec2_spot"] });
    equal(result.isError, true);
    match(
      text(result),
      /^StatelessServer: .* — ask the operator to start it with --toolsets aws,ec2,vpc,ebs,cloudwatch,ec2_spot \(or AWS_MCP_TOOLSETS\)/,
    );
    ok(!(await names(client)).includes("ec2_list_spot_requests"));
    await rejects(
      call(client, "ec2_list_spot_requests"),
      /it is in toolset ec2_spot: the operator must add it to --toolsets/,
    );
  } finally {
    await client.close();
    await endpoint.shutdown();
  }
});
