import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { z } from "zod";
import { call, callOk, connect, stubAws, text } from "../tests/_helpers.ts";
import { defineTool, type ToolDefinition } from "../tools/tool.ts";
import { AuditLog } from "./audit.ts";
import { ElicitRequestSchema } from "../tests/_mcp.ts";
import { fakeTools } from "../tests/_fake_tools.ts";

// Fake mutating tools exercise the safety pipeline without any real AWS tool.

const { acted, deleteThing, waitThing } = fakeTools();

const stopThing = defineTool({
  name: "ec2_stop_thing",
  toolset: "ec2",
  title: "Stop a thing",
  description: "Stops a thing, for testing the safety pipeline of mutating tools.",
  access: "write",
  idempotent: false,
  iam: ["ec2:StopThing"],
  input: z.object({
    id: z.string(),
    user_data: z.string().optional(),
    force: z.boolean().optional(),
  }),
  output: z.object({ stopped: z.string() }),
  async handler(input, ctx) {
    if (input.force) {
      ctx.guard.requireMode("destructive", "force");
      await ctx.guard.confirm(`Force-stop ${input.id}`);
    }
    await ctx.guard.requireTag([input.id]);
    const ec2 = await ctx.aws.client("ec2");
    await ec2.stopInstances({ InstanceIds: [input.id], DryRun: ctx.dryRun });
    acted.push(`stop ${input.id}`);
    return { stopped: input.id };
  },
}) as unknown as ToolDefinition;

const inventory = [stopThing, deleteThing, waitThing];
const dryRunError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $fault: "client" });

Deno.test("without write flags no mutating tool is listed; each mode adds its level", async () => {
  for (
    const [config, expected] of [
      [{}, []],
      [{ allowWrite: true }, ["ec2_stop_thing", "ec2_wait_thing"]],
      [{ allowDestructive: true }, ["ec2_stop_thing", "ec2_delete_thing", "ec2_wait_thing"]],
    ] as const
  ) {
    const { client, close } = await connect(config, { aws: stubAws({}), inventory });
    // Besides the always-present toolset discovery tools.
    const tools = (await client.listTools()).tools.filter((t) => !t.name.endsWith("_toolsets"));
    deepEqual(tools.map((t) => t.name), expected);
    for (const t of tools) {
      equal(t.annotations?.destructiveHint, t.name === "ec2_delete_thing");
      equal(t.annotations?.readOnlyHint, false);
      ok("dry_run" in (t.inputSchema.properties ?? {}), `${t.name} takes dry_run`);
    }
    await close();
  }
});

Deno.test("dry_run passes DryRun and reports would-succeed or the missing permission, acting on nothing", async () => {
  let answer = dryRunError(
    "DryRunOperation",
    "Request would have succeeded, but DryRun flag is set.",
  );
  const aws = stubAws({
    ec2: {
      stopInstances: () => {
        throw answer;
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    acted.length = 0;
    const ok1 = await callOk(client, "ec2_stop_thing", { id: "i-1", dry_run: true });
    deepEqual(ok1.dry_run, {
      would_succeed: true,
      message: "the request would have succeeded; nothing was changed",
    });
    deepEqual(aws.calls[0]?.input, { InstanceIds: ["i-1"], DryRun: true });
    answer = dryRunError(
      "UnauthorizedOperation",
      "You are not authorized to perform this operation.",
    );
    const denied = await callOk(client, "ec2_stop_thing", { id: "i-1", dry_run: true });
    deepEqual(denied.dry_run, {
      would_succeed: false,
      message: "UnauthorizedOperation: You are not authorized to perform this operation.",
      missing_permissions: ["ec2:StopInstances"], // the operation AWS refused
      tool_permissions: ["ec2:StopThing"],
    });
    // Where AWS names the denied action, that one is reported, not the operation or the tool's list.
    answer = dryRunError(
      "UnauthorizedOperation",
      "You are not authorized to perform this operation. User: arn:aws:iam::123456789012:user/a is not authorized to perform: ec2:CreateTags on resource: arn:aws:ec2:us-east-1:123456789012:instance/i-1",
    );
    const named = await callOk(client, "ec2_stop_thing", { id: "i-1", dry_run: true });
    deepEqual(
      (named.dry_run as { missing_permissions: string[] }).missing_permissions,
      ["ec2:CreateTags"],
    );
    deepEqual(acted, []);
  } finally {
    await close();
  }
});

Deno.test("a destructive call asks the human: accept acts, decline and cancel act on nothing", async () => {
  for (
    const [action, content, expected] of [
      ["accept", { confirm: true }, "accepted"],
      ["accept", { confirm: false }, "declined"],
      ["decline", undefined, "declined"],
      ["cancel", undefined, "cancelled"],
    ] as const
  ) {
    acted.length = 0;
    const asked: string[] = [];
    const { client, close } = await connect({ allowDestructive: true }, {
      aws: stubAws({}),
      inventory,
    }, {
      capabilities: { elicitation: {} },
    });
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action, ...(content ? { content } : {}) };
    });
    const out = await callOk(client, "ec2_delete_thing", { id: "i-9" });
    equal(out.confirmation, expected);
    deepEqual(asked, ["Delete thing i-9 in us-east-1. This cannot be undone."]);
    if (expected === "accepted") {
      equal(out.deleted, "i-9");
      deepEqual(acted, ["delete i-9"]);
    } else {
      match(String(out.message), new RegExp(`^Nothing was changed: the user ${expected}`));
      deepEqual(acted, []);
    }
    await close();
  }
});

Deno.test("fail closed: a client that cannot ask gets no destructive call or option done", async () => {
  acted.length = 0;
  const aws = stubAws({ ec2: { stopInstances: () => ({}) } });
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory });
  try {
    for (
      const [name, args] of [
        ["ec2_delete_thing", { id: "i-9" }],
        ["ec2_stop_thing", { id: "i-9", force: true }],
      ] as const
    ) {
      const refused = await call(client, name, args);
      equal(refused.isError, true);
      match(
        text(refused),
        /^ConfirmationUnavailable: refused: this needs the user's confirmation, and this client cannot ask .*--waive-confirmation$/,
      );
    }
    deepEqual(acted, []);
    deepEqual(aws.calls, []);
  } finally {
    await close();
  }
});

Deno.test("--waive-confirmation lets a client that cannot ask proceed, marked waived", async () => {
  acted.length = 0;
  const { client, close } = await connect({ allowDestructive: true, waiveConfirmation: true }, {
    aws: stubAws({}),
    inventory,
  });
  try {
    const out = await callOk(client, "ec2_delete_thing", { id: "i-9" });
    equal(out.confirmation, "waived");
    deepEqual(acted, ["delete i-9"]);
  } finally {
    await close();
  }
});

Deno.test("--regions refuses other regions, naming the allowed ones", async () => {
  const aws = stubAws({ ec2: { stopInstances: () => ({}) } });
  const { client, close } = await connect({
    allowWrite: true,
    regions: ["eu-west-1", "eu-central-1"],
  }, { aws, inventory });
  try {
    const refused = await call(client, "ec2_stop_thing", { id: "i-1", region: "us-east-1" });
    equal(
      text(refused),
      "RegionNotAllowed: region us-east-1 is outside this server's allowlist — use one of: eu-west-1, eu-central-1",
    );
    equal(aws.calls.length, 0);
    await callOk(client, "ec2_stop_thing", { id: "i-1", region: "eu-central-1" });
  } finally {
    await close();
  }
});

Deno.test("--require-tag refuses a resource without the tag and allows one with it", async () => {
  const tagged: Record<string, { Key: string; Value: string }[]> = {
    "i-ok": [{ Key: "owner", Value: "agent" }],
    "i-bad": [{ Key: "owner", Value: "someone" }],
  };
  const aws = stubAws({
    ec2: {
      describeTags: (input: { Filters: { Values: string[] }[] }) => ({
        Tags: input.Filters[0]!.Values.flatMap((id) =>
          (tagged[id] ?? []).map((t) => ({ ...t, ResourceId: id }))
        ),
      }),
      stopInstances: () => ({}),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory });
  try {
    acted.length = 0;
    const refused = await call(client, "ec2_stop_thing", { id: "i-bad" });
    equal(refused.isError, true);
    equal(
      text(refused),
      "RequiredTagMissing: refused: i-bad does not carry owner=agent — the server was started with --require-tag owner=agent; only resources carrying it may be changed",
    );
    await callOk(client, "ec2_stop_thing", { id: "i-ok" });
    deepEqual(acted, ["stop i-ok"]);
  } finally {
    await close();
  }
});

Deno.test("a parameter that needs a stronger mode is refused at call time, naming the flag", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({ ec2: { stopInstances: () => ({}) } }),
    inventory,
  });
  try {
    const refused = await call(client, "ec2_stop_thing", { id: "i-1", force: true });
    equal(
      text(refused),
      "ModeRequired: force needs destructive mode — the operator must start the server with --allow-destructive; call again without it",
    );
  } finally {
    await close();
  }
});

Deno.test("the audit log appends one redacted line per mutating call and dry run", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/audit.jsonl`;
  await Deno.writeTextFile(path, '{"earlier":"line"}\n');
  let fail = false;
  const aws = stubAws({
    ec2: {
      stopInstances: (input: { DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation", "Request would have succeeded");
        if (fail) {
          throw dryRunError(
            "IncorrectInstanceState",
            "The instance is not in a state from which it can be stopped.",
          );
        }
        return {};
      },
    },
  });
  const { client, close } = await connect({
    allowDestructive: true,
    waiveConfirmation: true,
    auditLog: path,
  }, {
    aws,
    inventory,
  });
  try {
    const secret =
      "#!/bin/bash\nexport DB_PASSWORD=hunter2\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
    await callOk(client, "ec2_stop_thing", { id: "i-1", user_data: secret });
    await callOk(client, "ec2_stop_thing", { id: "i-2", dry_run: true });
    fail = true;
    await call(client, "ec2_stop_thing", { id: "i-3" });
    await callOk(client, "ec2_delete_thing", { id: "i-4" });
    await callOk(client, "ec2_stop_thing", { id: "i-5", dry_run: false, region: "eu-west-2" })
      .catch(() => {});
    const text = await Deno.readTextFile(path);
    for (const leaked of ["hunter2", "MIIEow", "PRIVATE KEY", "bin/bash"]) {
      ok(!text.includes(leaked), `${leaked} leaked`);
    }
    const all = text.trim().split("\n").map((l) => JSON.parse(l));
    deepEqual(all[0], { earlier: "line" });
    // Each mutation that reached its handler wrote an intent line first, with the same call id.
    const intents = all.filter((l) => l.phase === "intent");
    deepEqual(intents.map((l) => [l.arguments.id, l.outcome]), [
      ["i-1", "pending"],
      ["i-2", "pending"],
      ["i-3", "pending"],
      ["i-4", "pending"],
      ["i-5", "pending"],
    ]);
    const lines = [all[0], ...all.filter((l) => l.phase === "outcome")];
    ok(intents.every((i) => lines.some((l) => l.call === i.call)));
    deepEqual(lines.slice(1).map((l) => [l.tool, l.arguments.id, l.outcome, l.confirmation]), [
      ["ec2_stop_thing", "i-1", "ok", "not_required"],
      ["ec2_stop_thing", "i-2", "dry_run", "not_required"],
      ["ec2_stop_thing", "i-3", "error", "not_required"],
      ["ec2_delete_thing", "i-4", "ok", "waived"],
      ["ec2_stop_thing", "i-5", "error", "not_required"],
    ]);
    equal(lines[1].arguments.user_data, "[REDACTED]");
    equal(lines[1].account, "123456789012");
    equal(lines[1].region, "us-east-1");
    match(lines[3].error, /^IncorrectInstanceState: /);
    ok(!Number.isNaN(Date.parse(lines[1].time)));
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("wait reports progress notifications and a cancelled request stops waiting promptly", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory,
    waitIntervalMs: 20,
  });
  try {
    const progress: string[] = [];
    const out = await client.callTool(
      { name: "ec2_wait_thing", arguments: { polls: 3 } },
      undefined,
      {
        onprogress: (p) => progress.push(`${p.progress}:${p.message}`),
      },
    );
    equal((out.structuredContent as { done: boolean }).done, true);
    deepEqual(progress, ["1:poll 1", "2:poll 2", "3:poll 3"]);

    const controller = new AbortController();
    const started = Date.now();
    const pending = client.callTool(
      { name: "ec2_wait_thing", arguments: { polls: 1_000_000 } },
      undefined,
      {
        signal: controller.signal,
        onprogress: () => {},
      },
    );
    setTimeout(() => controller.abort(), 100);
    await rejects(pending);
    ok(Date.now() - started < 1000, "cancellation ends the wait promptly");
    await callOk(client, "ec2_wait_thing", { polls: 1 });
  } finally {
    await close();
  }
});

Deno.test("a new audit log is created readable by its owner only", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const log = new AuditLog(`${dir}/new.jsonl`);
    await log.record({
      time: "t",
      phase: "outcome",
      call: "c",
      tool: "x",
      region: "r",
      account: "a",
      arguments: { password: "p" },
      outcome: "ok",
      confirmation: "not_required",
    });
    equal((await Deno.stat(log.path)).mode! & 0o777, 0o600);
    equal(JSON.parse(await Deno.readTextFile(log.path)).arguments.password, "[REDACTED]");
    await log.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a write tool's destructive option asks the human too, and a no changes nothing", async () => {
  for (const [action, expected] of [["decline", "declined"], ["accept", "accepted"]] as const) {
    acted.length = 0;
    const aws = stubAws({ ec2: { stopInstances: () => ({}) } });
    const { client, close } = await connect({ allowDestructive: true }, { aws, inventory }, {
      capabilities: { elicitation: {} },
    });
    client.setRequestHandler(
      ElicitRequestSchema,
      () => ({ action, ...(action === "accept" ? { content: { confirm: true } } : {}) }),
    );
    const out = await callOk(client, "ec2_stop_thing", { id: "i-7", force: true });
    equal(out.confirmation, expected);
    deepEqual(acted, expected === "accepted" ? ["stop i-7"] : []);
    equal(
      aws.calls.filter((c) => c.method === "stopInstances").length,
      expected === "accepted" ? 1 : 0,
    );
    await close();
  }
});

Deno.test("an image a tool attaches follows the JSON text in the result's content", async () => {
  const picture = defineTool({
    name: "cloudwatch_draw_thing",
    toolset: "cloudwatch",
    title: "Draw a thing",
    description: "Draws a thing, for testing image content in results.",
    access: "read",
    idempotent: true,
    iam: ["cloudwatch:GetMetricWidgetImage"],
    input: z.object({}),
    output: z.object({ summary: z.string() }),
    handler(_input, ctx) {
      ctx.attachImage("iVBORw0KGgo=", "image/png");
      return Promise.resolve({ summary: "a thing" });
    },
  }) as unknown as ToolDefinition;
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [picture] });
  try {
    const out = await call(client, "cloudwatch_draw_thing");
    equal(out.content.length, 2);
    equal(out.content[0]?.type, "text");
    deepEqual(out.content[1], { type: "image", data: "iVBORw0KGgo=", mimeType: "image/png" });
  } finally {
    await close();
  }
});

Deno.test("a mutation whose intent line cannot be written is refused and never reaches AWS", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/file`, "");
  const aws = stubAws({ ec2: { stopInstances: () => ({}) } });
  // The log's directory is a regular file: the log cannot be opened, so no line can be written.
  const { client, close } = await connect({ allowWrite: true, auditLog: `${dir}/file/a.jsonl` }, {
    aws,
    inventory,
  });
  try {
    const before = acted.length;
    const refused = await call(client, "ec2_stop_thing", { id: "i-9" });
    equal(refused.isError, true);
    match(text(refused), /^AuditLogUnavailable: the audit log could not record this call/);
    deepEqual(aws.calls.filter((c) => c.method === "stopInstances"), []);
    equal(acted.length, before);
  } finally {
    await close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("audit lines record the role a call acted as and the caller's ARN", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/audit.jsonl`;
  const role = "arn:aws:iam::111111111111:role/Ops";
  const log = new AuditLog(path);
  const { client, close } = await connect(
    { allowWrite: true, auditLog: path, roles: [{ alias: "ops", arn: role }] },
    { aws: stubAws({ ec2: { stopInstances: () => ({}) } }), inventory, audit: log },
  );
  try {
    await callOk(client, "ec2_stop_thing", { id: "i-7", role_arn: "ops" });
    const lines = (await Deno.readTextFile(path)).trim().split("\n").map((l) => JSON.parse(l));
    deepEqual(lines.map((l) => [l.phase, l.role, l.principal]), [
      ["intent", role, "arn:aws:iam::123456789012:user/alice"],
      ["outcome", role, "arn:aws:iam::123456789012:user/alice"],
    ]);
  } finally {
    await close();
    await log.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a role whose name holds = allowlists only itself, not the role its prefix names", async () => {
  const { parseCli } = await import("./cli.ts");
  const outcome = parseCli(
    ["--allow-write", "--role-arn", "ops=arn:aws:iam::111111111111:role/deploy=prod"],
    {},
    inventory,
  );
  if (outcome.action !== "serve") throw new Error(outcome.stderr);
  const aws = stubAws({ ec2: { stopInstances: () => ({}) } });
  const { client, close } = await connect(outcome.config, { aws, inventory });
  try {
    const refused = await call(client, "ec2_stop_thing", {
      id: "i-1",
      role_arn: "arn:aws:iam::111111111111:role/deploy",
    });
    match(text(refused), /^RoleNotAllowed: role arn:aws:iam::111111111111:role\/deploy is not/);
    deepEqual(aws.calls, []);
    await callOk(client, "ec2_stop_thing", { id: "i-2", role_arn: "ops" });
  } finally {
    await close();
  }
});
