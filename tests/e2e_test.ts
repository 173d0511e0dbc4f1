import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import type { ListToolsResult } from "../server/mcp.ts";
import { AwsClients } from "../aws/clients.ts";
import { allTools } from "../tools/mod.ts";
import { USER_AGENT } from "../server/version.ts";
import { call, callOk, connect, stubAws, text, useMotoCredentials } from "./_helpers.ts";
import { ec2Error, startStandIn } from "./_standin.ts";

const emptyEc2 = {
  ec2: { describeInstances: () => ({ Reservations: [] }), describeVpcs: () => ({ Vpcs: [] }) },
};

Deno.test("a client in the default mode sees exactly the read-only tools, instructions and the server's name", async () => {
  const { client, close } = await connect({}, { aws: stubAws(emptyEc2) });
  try {
    const { tools } = await client.listTools() as ListToolsResult;
    deepEqual(
      tools.map((t) => t.name),
      [
        "aws_list_toolsets",
        "aws_enable_toolsets",
        ...allTools.filter((t) => t.access === "read").map((t) => t.name),
      ],
    );
    ok(tools.some((t) => t.name === "aws_whoami"));
    for (const tool of tools) {
      equal(tool.annotations?.readOnlyHint, true);
      equal(tool.annotations?.destructiveHint, false);
      // The discovery tools touch no AWS account.
      equal(tool.annotations?.openWorldHint, !tool.name.endsWith("_toolsets"));
    }
    match(client.getInstructions() ?? "", /Mode: read-only/);
    equal(client.getServerVersion()?.name, "aws-mcp");
  } finally {
    await close();
  }
});

Deno.test("bad input gives a clear isError naming the field, and the session answers the next call", async () => {
  const { client, close } = await connect({}, { aws: stubAws(emptyEc2) });
  try {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { instance_ids: ["i-12"] },
        /^InvalidInput: instance_ids\.0: expected an id like i-0123456789abcdef0/,
      ],
      [
        { region: "eu-westeros-1" },
        /^InvalidInput: region: unknown region "eu-westeros-1"; expected a code such as us-east-1/,
      ],
      [{ max_results: 0 }, /^InvalidInput: max_results: Too small: expected number to be >=1/],
      [
        { max_results: "ten" },
        /^InvalidInput: max_results: Invalid input: expected number, received string/,
      ],
      [{ states: "running" }, /^InvalidInput: states: Invalid input: expected array/],
      [{ tags: { team: 7 } }, /^InvalidInput: tags\.team: Invalid input: expected string/],
      [
        { instance_id: "i-0123456789abcdef0" },
        /^InvalidInput: arguments: Unrecognized key: "instance_id"/,
      ],
    ];
    for (const [args, expected] of cases) {
      const result = await call(client, "ec2_list_instances", args);
      equal(result.isError, true, JSON.stringify(args));
      match(text(result), expected);
      match(text(result), / — fix the arguments/);
      const next = await callOk(client, "ec2_list_instances");
      deepEqual(next.instances, []);
    }
  } finally {
    await close();
  }
});

Deno.test("an unknown tool is a protocol error and the session goes on", async () => {
  const { client, close } = await connect({}, { aws: stubAws(emptyEc2) });
  try {
    await rejects(call(client, "ec2_launch_rockets"), /Unknown tool: ec2_launch_rockets/);
    await callOk(client, "vpc_list_vpcs");
  } finally {
    await close();
  }
});

Deno.test("a tool that breaks its output schema is an InternalError, not a crash", async () => {
  const aws = stubAws({
    ec2: { describeVpcs: () => ({ Vpcs: [{ VpcId: "vpc-1", IsDefault: "yes" }] }) },
  });
  const { client, close } = await connect({}, { aws });
  try {
    const result = await call(client, "vpc_list_vpcs");
    equal(result.isError, true);
    match(
      text(result),
      /^InternalError: vpc_list_vpcs produced output that does not match its schema: vpcs\.0\.is_default/,
    );
  } finally {
    await close();
  }
});

Deno.test("no region anywhere is an error saying how to set one", async () => {
  const aws = stubAws(emptyEc2);
  aws.defaultRegion = () =>
    new AwsClients({ profile: undefined, region: undefined, userAgent: "t" }).defaultRegion();
  const saved = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE"].map((k) =>
    [k, Deno.env.get(k)] as const
  );
  Deno.env.delete("AWS_REGION");
  Deno.env.delete("AWS_DEFAULT_REGION");
  Deno.env.set("AWS_CONFIG_FILE", "/nonexistent/aws-config");
  const { client, close } = await connect({}, { aws });
  try {
    const result = await call(client, "ec2_list_instances");
    equal(result.isError, true);
    match(
      text(result),
      /^NoRegion: no region is configured — pass region, start the server with --region/,
    );
    await callOk(client, "ec2_list_instances", { region: "eu-west-1" });
  } finally {
    await close();
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
  }
});

Deno.test("AccessDenied from the real SDK names the IAM action the tool needs", async () => {
  useMotoCredentials();
  const standIn = startStandIn(() =>
    ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")
  );
  const aws = new AwsClients({
    profile: undefined,
    region: "eu-west-1",
    userAgent: USER_AGENT,
    endpoint: standIn.url,
  });
  const { client, close } = await connect({ region: "eu-west-1" }, { aws });
  try {
    const result = await call(client, "ec2_list_instances");
    equal(result.isError, true);
    equal(
      text(result),
      "UnauthorizedOperation: You are not authorized to perform this operation — the caller needs IAM permission for ec2:DescribeInstances in eu-west-1",
    );
    ok(standIn.requests.some((b) => b.includes("Action=DescribeInstances")));
    ok(standIn.headers.every((h) => /\baws-mcp\/\d+\.\d+\.\d+\b/.test(h.get("user-agent") ?? "")));
    const again = await call(client, "vpc_list_vpcs");
    match(text(again), /ec2:DescribeVpcs in eu-west-1/);
  } finally {
    await close();
    await standIn.close();
  }
});

Deno.test("throttling survives the SDK's retries as a retryable error", async () => {
  useMotoCredentials();
  const standIn = startStandIn(() =>
    ec2Error(503, "RequestLimitExceeded", "Request limit exceeded.")
  );
  const aws = new AwsClients({
    profile: undefined,
    region: "eu-west-1",
    userAgent: "t",
    endpoint: standIn.url,
  });
  const { client, close } = await connect({ region: "eu-west-1" }, { aws });
  try {
    const result = await call(client, "vpc_list_vpcs");
    equal(result.isError, true);
    match(text(result), /^RequestLimitExceeded: Request limit exceeded — retryable/);
    ok(standIn.requests.filter((b) => b.includes("DescribeVpcs")).length >= 2, "the SDK retried");
  } finally {
    await close();
    await standIn.close();
  }
});

Deno.test("cancelling a call aborts the AWS request, and the session goes on", async () => {
  useMotoCredentials();
  let aborted: () => void = () => {};
  const sawAbort = new Promise<void>((resolve) => (aborted = resolve));
  const standIn = startStandIn((request, body) => {
    if (body.includes("GetCallerIdentity")) return ec2Error(403, "AccessDenied", "no");
    return new Promise((resolve) => {
      request.signal.addEventListener("abort", () => {
        aborted();
        resolve(new Response("", { status: 499 }));
      });
    });
  });
  const aws = new AwsClients({
    profile: undefined,
    region: "eu-west-1",
    userAgent: "t",
    endpoint: standIn.url,
  });
  const { client, close } = await connect({ region: "eu-west-1" }, { aws });
  try {
    const controller = new AbortController();
    const pending = client.callTool({ name: "vpc_list_vpcs", arguments: {} }, undefined, {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await rejects(pending);
    await sawAbort;
    const result = await call(client, "ec2_list_instances", { max_results: 0 });
    match(text(result), /^InvalidInput/);
  } finally {
    await close();
    await standIn.close();
  }
});
