import { deepEqual, equal, match, ok } from "node:assert/strict";
import { z } from "zod";
import { defineTool, type ToolDefinition } from "../tools/tool.ts";
import { allTools, toolsets } from "../tools/mod.ts";
import { parseCli } from "./cli.ts";

const fake = (name: string, toolset: string, access: "read" | "write" | "destructive") =>
  defineTool({
    name,
    toolset,
    title: name,
    description: name,
    access,
    idempotent: false,
    iam: ["ec2:X"],
    input: z.object({}),
    output: z.object({}),
    handler: () => Promise.resolve({}),
  }) as unknown as ToolDefinition;

const inventory = [
  ...allTools,
  fake("ec2_start_instances", "ec2", "write"),
  fake("ec2_terminate_instances", "ec2", "destructive"),
];

function serve(args: string[], env: Record<string, string> = {}) {
  const outcome = parseCli(args, { HOME: "/home/u", ...env }, inventory);
  if (outcome.action !== "serve") throw new Error(`expected serve, got ${JSON.stringify(outcome)}`);
  return outcome.config;
}

function exit(args: string[], env: Record<string, string> = {}) {
  const outcome = parseCli(args, env, inventory);
  if (outcome.action !== "exit") throw new Error(`expected exit, got ${JSON.stringify(outcome)}`);
  return outcome;
}

Deno.test("parseCli defaults to read-only with everything else left to the SDK", () => {
  deepEqual(serve([]), {
    region: undefined,
    profile: undefined,
    toolsets: toolsets.filter((t) => t.default).map((t) => t.name),
    allowedToolsets: undefined,
    tools: undefined,
    dynamicToolsets: true,
    allowWrite: false,
    allowDestructive: false,
    waiveConfirmation: false,
    confirmKeyFile: undefined,
    revealSecrets: false,
    regions: undefined,
    requireTag: undefined,
    auditLog: undefined,
    keysDir: "/home/u/.ssh/aws-mcp",
    roles: [],
    roleSessionName: "aws-mcp",
    roleExternalId: undefined,
    caCerts: [],
    transport: "stdio",
    http: {
      host: "127.0.0.1",
      port: 8080,
      token: undefined,
      tokenFile: undefined,
      allowedOrigins: [],
    },
  });
});

Deno.test("parseCli reads role ARNs with aliases from flags (repeated) or the variable", () => {
  const a = "arn:aws:iam::111111111111:role/Auditor";
  const b = "arn:aws:iam::222222222222:role/path/Ops";
  deepEqual(serve(["--role-arn", `audit=${a}`, "--role-arn", b, "--role-external-id", "x"]).roles, [
    { alias: "audit", arn: a },
    { alias: undefined, arn: b },
  ]);
  deepEqual(serve([], { AWS_MCP_ROLE_ARNS: `audit=${a},${b}` }).roles.map((r) => r.arn), [a, b]);
  match(
    exit(["--role-arn", "arn:aws:iam::1:role/X"]).stderr ?? "",
    /--role-arn: expected \[alias=\]arn:aws:iam::123456789012:role\/Name/,
  );
  match(
    exit(["--role-arn", `Bad Alias=${a}`]).stderr ?? "",
    /--role-arn: expected .*alias: lowercase letters, digits, - or _\), got "Bad Alias=arn:/,
  );
});

Deno.test("role names containing = or , are kept whole, never split into another role", () => {
  const eq = "arn:aws:iam::111111111111:role/deploy=prod";
  const comma = "arn:aws:iam::111111111111:role/a,b";
  deepEqual(serve(["--role-arn", `ops=${eq}`, "--role-arn", eq]).roles, [
    { alias: "ops", arn: eq },
    { alias: undefined, arn: eq },
  ]);
  deepEqual(serve([], { AWS_MCP_ROLE_ARNS: `ops=${eq},${comma}, x=${comma}` }).roles, [
    { alias: "ops", arn: eq },
    { alias: undefined, arn: comma },
    { alias: "x", arn: comma },
  ]);
  // Something that is not a role ARN stops the start instead of vanishing.
  match(
    exit([], { AWS_MCP_ROLE_ARNS: `${eq},not a role` }).stderr ?? "",
    /--role-arn: expected .*got "arn:aws:iam::111111111111:role\/deploy=prod,not a role"/,
  );
});

Deno.test("parseCli reads HTTP settings and refuses a non-loopback host without a token", () => {
  const http = serve([
    "--transport",
    "http",
    "--port",
    "9000",
    "--allowed-origins",
    "https://app.example",
  ]);
  equal(http.transport, "http");
  deepEqual(http.http, {
    host: "127.0.0.1",
    port: 9000,
    token: undefined,
    tokenFile: undefined,
    allowedOrigins: ["https://app.example"],
  });
  const open = exit(["--transport", "http", "--host", "0.0.0.0"]);
  equal(open.code, 2);
  match(
    open.stderr ?? "",
    /--host 0\.0\.0\.0 is not loopback: set --http-token-file \(or --http-token\)/,
  );
  equal(
    serve(["--transport", "http", "--host", "0.0.0.0"], { AWS_MCP_HTTP_TOKEN: "t" }).http.token,
    "t",
  );
  match(exit(["--transport", "sse"]).stderr ?? "", /--transport: expected stdio or http/);
  match(exit(["--port", "99999"]).stderr ?? "", /--port: expected an integer from 0 to 65535/);
});

Deno.test("parseCli reads the guards: region allowlist, required tag, audit log, keys dir", () => {
  const config = serve([
    "--regions",
    "eu-west-1,eu-central-1",
    "--require-tag",
    "owner=agent",
    "--audit-log",
    "/tmp/audit.jsonl",
    "--keys-dir",
    "/tmp/keys",
  ]);
  deepEqual(config.regions, ["eu-west-1", "eu-central-1"]);
  deepEqual(config.requireTag, { key: "owner", value: "agent" });
  equal(config.auditLog, "/tmp/audit.jsonl");
  equal(config.keysDir, "/tmp/keys");
  deepEqual(serve([], { AWS_MCP_REQUIRE_TAG: "env=dev=1" }).requireTag, {
    key: "env",
    value: "dev=1",
  });
  match(
    exit(["--require-tag", "owner"]).stderr ?? "",
    /--require-tag: expected key=value, got "owner"/,
  );
  match(exit(["--regions", "eu-west-1,nowhere-1"]).stderr ?? "", /unknown region "nowhere-1"/);
  match(
    exit(["--region", "us-east-1", "--regions", "eu-west-1"]).stderr ?? "",
    /--region us-east-1 is outside --regions eu-west-1/,
  );
});

Deno.test("parseCli lets flags win over AWS_MCP_* variables", () => {
  const env = {
    AWS_MCP_REGION: "eu-west-1",
    AWS_MCP_PROFILE: "envprof",
    AWS_MCP_ALLOW_WRITE: "yes",
  };
  const fromEnv = serve([], env);
  equal(fromEnv.region, "eu-west-1");
  equal(fromEnv.profile, "envprof");
  equal(fromEnv.allowWrite, true);
  const fromFlags = serve(["--region", "us-east-2", "--profile", "dev"], env);
  equal(fromFlags.region, "us-east-2");
  equal(fromFlags.profile, "dev");
});

Deno.test("parseCli reads boolean variables as 1/true/yes and 0/false/no", () => {
  for (const v of ["1", "true", "YES"]) {
    equal(serve([], { AWS_MCP_ALLOW_DESTRUCTIVE: v }).allowDestructive, true);
  }
  for (const v of ["0", "false", "no", ""]) {
    equal(serve([], { AWS_MCP_ALLOW_DESTRUCTIVE: v }).allowDestructive, false);
  }
  const bad = exit([], { AWS_MCP_ALLOW_WRITE: "maybe" });
  equal(bad.code, 2);
  match(bad.stderr ?? "", /AWS_MCP_ALLOW_WRITE: expected 1\/true\/yes or 0\/false\/no/);
});

Deno.test("parseCli exits 2 on an unknown flag, naming the valid ones", () => {
  const out = exit(["--regoin", "eu-west-1"]);
  equal(out.code, 2);
  match(out.stderr ?? "", /--regoin/);
  match(out.stderr ?? "", /valid flags: --region, --profile/);
  equal((out.stderr ?? "").split("\n").length, 1);
});

Deno.test("parseCli exits 2 on an unknown region, toolset or tool, naming the valid values", () => {
  match(
    exit(["--region", "mars-1"]).stderr ?? "",
    /unknown region "mars-1"; expected a code such as us-east-1/,
  );
  equal(
    exit(["--region", "us-east1"]).stderr,
    'aws-mcp: unknown region "us-east1"; did you mean us-east-1?',
  );
  match(
    exit(["--toolsets", "ec2,nope"]).stderr ?? "",
    /unknown toolset "nope"; valid toolsets: aws, ec2, vpc.*default, all/,
  );
  match(
    exit(["--tools", "ec2_list_instancez"]).stderr ?? "",
    /unknown tool "ec2_list_instancez"; valid tools: .*ec2_list_instances/,
  );
});

Deno.test("parseCli exits 2 when a named tool needs a stronger mode, naming the flag", () => {
  const write = exit(["--tools", "ec2_start_instances"]);
  equal(write.code, 2);
  match(write.stderr ?? "", /ec2_start_instances" is write: add --allow-write/);
  match(
    exit(["--allow-write", "--tools", "ec2_terminate_instances"]).stderr ?? "",
    /add --allow-destructive/,
  );
  equal(
    serve(["--allow-destructive", "--tools", "ec2_terminate_instances"]).tools?.[0],
    "ec2_terminate_instances",
  );
});

Deno.test("parseCli lists the tools the mode registers", () => {
  const readOnly = exit(["--list-tools"]).stdout ?? "";
  ok(readOnly.includes("ec2_list_instances"));
  ok(!readOnly.includes("ec2_start_instances"));
  const write = exit(["--list-tools", "--allow-write", "--toolsets", "ec2"]).stdout ?? "";
  ok(write.includes("ec2_start_instances"));
  ok(!write.includes("ec2_terminate_instances"));
  ok(!write.includes("vpc_list_vpcs"));
  ok(write.includes("aws_whoami"), "aws_whoami is always registered");
});

Deno.test("parseCli treats all as no narrowing and prints help and version", () => {
  equal(serve(["--toolsets", "all"]).toolsets, undefined);
  equal(serve(["--toolsets", "all"]).allowedToolsets, undefined);
  deepEqual(serve(["--toolsets", "ec2, vpc"]).toolsets, ["ec2", "vpc"]);
  match(exit(["--help"]).stdout ?? "", /--allow-destructive/);
  match(exit(["--version"]).stdout ?? "", /^aws-mcp \d+\.\d+\.\d+$/);
  equal(exit(["--version"]).code, 0);
});

Deno.test("--toolsets: unset is the defaults with any other enableable; names are the start and the allowlist", () => {
  const defaults = toolsets.filter((t) => t.default).map((t) => t.name);
  deepEqual(defaults, ["aws", "ec2", "vpc", "ebs", "cloudwatch"]);
  const none = serve([]);
  deepEqual([none.toolsets, none.allowedToolsets], [defaults, undefined]);
  const named = serve(["--toolsets", "default,ec2_spot,ec2"]);
  deepEqual(named.toolsets, [...defaults, "ec2_spot"]);
  deepEqual(named.allowedToolsets, named.toolsets);
  deepEqual(serve([], { AWS_MCP_TOOLSETS: "pricing" }).toolsets, ["pricing"]);
  // --tools alone picks tools from every toolset.
  const tools = serve(["--tools", "ec2_get_ondemand_price"]);
  deepEqual([tools.toolsets, tools.allowedToolsets], [undefined, undefined]);
  equal(serve([]).dynamicToolsets, true);
  equal(serve(["--dynamic-toolsets", "false"]).dynamicToolsets, false);
  equal(serve([], { AWS_MCP_DYNAMIC_TOOLSETS: "0" }).dynamicToolsets, false);
  match(
    exit(["--dynamic-toolsets", "maybe"]).stderr ?? "",
    /--dynamic-toolsets: expected 1\/true\/yes/,
  );
});

Deno.test("--list-tools sizes its name column from the longest name", () => {
  const rows = (exit(["--list-tools", "--toolsets", "all"]).stdout ?? "").split("\n");
  const longest = Math.max(...rows.map((r) => r.split(" ")[0]!.length));
  ok(longest >= 34, "the catalogue has a name of 34 characters or more");
  for (const row of rows) match(row, new RegExp(`^\\S+ {2,}(read|write|destructive) +\\S`));
  equal(new Set(rows.map((r) => r.search(/ (read|write|destructive) /))).size, 1, "one column");
});

Deno.test("aws-mcp policy covers exactly what the flags let the server register or enable", () => {
  const actionsOf = (args: string[]) =>
    (JSON.parse(exit(["policy", ...args]).stdout ?? "{}").Statement as { Action: string[] }[])
      .flatMap((s) => s.Action);
  // No --toolsets: the agent may enable any toolset, so the policy covers them all (read-only).
  ok(actionsOf([]).includes("pricing:GetProducts"));
  ok(actionsOf([]).includes("ec2:DescribeSpotInstanceRequests"));
  // An explicit --toolsets is the allowlist; a fixed catalogue is only what starts.
  ok(!actionsOf(["--toolsets", "default"]).includes("pricing:GetProducts"));
  ok(!actionsOf(["--dynamic-toolsets", "false"]).includes("pricing:GetProducts"));
  ok(actionsOf(["--dynamic-toolsets", "false"]).includes("ec2:DescribeInstances"));
});

Deno.test("aws-mcp policy prints the IAM policy of exactly the tools the flags select", () => {
  const readOnly = JSON.parse(exit(["policy"]).stdout ?? "{}");
  const actions = readOnly.Statement.flatMap((s: { Action: string[] }) => s.Action);
  ok(actions.includes("ec2:DescribeInstances"));
  ok(
    // logs:StartQuery/StopQuery run and end a read-only Insights query: IAM classes them as Read.
    !actions.some((a: string) =>
      /:(Run|Terminate|Delete|Create|Stop|Start)/.test(a) && !/^logs:(Start|Stop)Query$/.test(a)
    ),
    actions.join(","),
  );
  const ec2Write = JSON.parse(
    exit(["policy", "--toolsets", "ec2", "--allow-write"]).stdout ?? "{}",
  );
  const writeActions = ec2Write.Statement.flatMap((s: { Action: string[] }) => s.Action);
  ok(writeActions.includes("ec2:StartInstances"));
  equal(exit(["polcy"]).code, 2);
  match(exit(["polcy"]).stderr ?? "", /unknown command "polcy"; the only command is policy/);
});
