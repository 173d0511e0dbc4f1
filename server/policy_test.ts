import { deepEqual, equal, ok } from "node:assert/strict";
import { readOnlyPolicy } from "../scripts/docs.ts";
import { allTools } from "../tools/mod.ts";
import type { ToolDefinition } from "../tools/tool.ts";
import { defaultConfig } from "./config.ts";
import { policyFor } from "./policy.ts";
import { selectTools } from "./selection.ts";

const MUTATING =
  /^(Create|Delete|Run|Terminate|Start|Stop|Put|Modify|Authorize|Revoke|Deregister|Register|Copy|Cancel|Enable|Disable|Attach|Detach|Reboot|Import)/;
const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;
// Actions whose verb reads as mutating but that IAM classes as Read (an Insights query only reads).
const READ_DESPITE_VERB = new Set(["logs:StartQuery", "logs:StopQuery"]);
const mutates = (action: string) =>
  !READ_DESPITE_VERB.has(action) && MUTATING.test(action.split(":")[1] ?? "");

const actionsOf = (tools: readonly ToolDefinition[]) =>
  [...new Set(tools.flatMap((t) => t.iam))].sort();
const policyActions = (tools: readonly ToolDefinition[]) =>
  policyFor(tools).Statement.flatMap((s) => s.Action);
const select = (config: Partial<ReturnType<typeof defaultConfig>> = {}) =>
  selectTools(allTools, { ...defaultConfig(), ...config });

Deno.test("the default selection's policy allows only the read tools' actions", () => {
  const tools = select();
  ok(tools.every((t) => t.access === "read"));
  const policy = policyFor(tools);
  equal(policy.Version, "2012-10-17");
  deepEqual(policy.Statement.map((s) => s.Sid), ["AwsMcpReadOnly"]);
  deepEqual(policyActions(tools), actionsOf(allTools.filter((t) => t.access === "read")));
  const mutating = policyActions(tools).filter(mutates);
  deepEqual(mutating, [], `read-only policy has mutating actions: ${mutating.join(", ")}`);
});

Deno.test("the read-only policy is the README's generated one", () => {
  const json = JSON.stringify(policyFor(select()), null, 2);
  equal("```json\n" + json + "\n```", readOnlyPolicy());
});

Deno.test("--allow-write adds a write statement; --allow-destructive a destructive one", () => {
  const write = select({ allowWrite: true });
  deepEqual(policyFor(write).Statement.map((s) => s.Sid), ["AwsMcpReadOnly", "AwsMcpWrite"]);
  deepEqual(policyActions(write).sort(), actionsOf(write));

  const all = select({ allowDestructive: true });
  const policy = policyFor(all);
  deepEqual(policy.Statement.map((s) => s.Sid), [
    "AwsMcpReadOnly",
    "AwsMcpWrite",
    "AwsMcpDestructive",
  ]);
  deepEqual(policyActions(all).sort(), actionsOf(allTools));
  const writeActions = policy.Statement[1]?.Action ?? [];
  const destructiveActions = policy.Statement[2]?.Action ?? [];
  // Write tools may also need reads no read tool does (DescribeTags for --require-tag…).
  ok(writeActions.some((a) => a === "ec2:RunInstances"), writeActions.join(", "));
  ok(policy.Statement[0]?.Action.every((a) => !mutates(a)));
  ok(destructiveActions.some((a) => /:(Terminate|Delete|Deregister)/.test(a)));
  // Each tool's own actions are all allowed.
  const allowed = new Set(policyActions(all));
  for (const tool of all) {
    for (const action of tool.iam) ok(allowed.has(action), `${tool.name}: ${action} missing`);
  }
});

Deno.test("policy actions are sorted, listed once and well-formed", () => {
  const policy = policyFor(select({ allowDestructive: true }));
  const flat = policy.Statement.flatMap((s) => s.Action);
  equal(new Set(flat).size, flat.length);
  for (const statement of policy.Statement) {
    deepEqual(statement.Action, [...statement.Action].sort());
    equal(statement.Effect, "Allow");
    equal(statement.Resource, "*");
  }
  const bad = flat.filter((a) => !ACTION.test(a));
  deepEqual(bad, [], `malformed actions: ${bad.join(", ")}`);
});

Deno.test("an action a read tool needs stays in the read statement only", () => {
  const base = allTools.find((t) => t.access === "read")!;
  const tools = [
    { ...base, name: "x_read", iam: ["ec2:DescribeTags", "ec2:DescribeInstances"] },
    { ...base, name: "x_write", access: "write" as const, iam: ["ec2:DescribeTags", "ec2:A"] },
    { ...base, name: "x_gone", access: "destructive" as const, iam: ["ec2:A", "ec2:B"] },
  ];
  deepEqual(policyFor(tools).Statement, [
    {
      Sid: "AwsMcpReadOnly",
      Effect: "Allow",
      Action: ["ec2:DescribeInstances", "ec2:DescribeTags"],
      Resource: "*",
    },
    { Sid: "AwsMcpWrite", Effect: "Allow", Action: ["ec2:A"], Resource: "*" },
    { Sid: "AwsMcpDestructive", Effect: "Allow", Action: ["ec2:B"], Resource: "*" },
  ]);
  deepEqual(policyFor([]).Statement, []);
});

Deno.test("--toolsets narrows the policy to those toolsets and aws_whoami", () => {
  const tools = select({ toolsets: ["pricing"] });
  deepEqual(
    policyActions(tools).sort(),
    actionsOf(allTools.filter((t) => t.toolset === "pricing" || t.name === "aws_whoami")),
  );
});
