import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { terminateInstances } from "./terminate_instances.ts";

const A = "i-0123456789abcdef0";
const B = "i-0123456789abcdef1";
const inventory = [terminateInstances];
const described = {
  Reservations: [
    { Instances: [{ InstanceId: B, InstanceType: "t3.small", State: { Name: "stopped" } }] },
    {
      Instances: [{
        InstanceId: A,
        InstanceType: "t3.micro",
        State: { Name: "running" },
        Tags: [{ Key: "team", Value: "blue" }, { Key: "Name", Value: "web-1" }],
      }],
    },
  ],
};
const terminating = {
  TerminatingInstances: [B, A].map((id) => ({
    InstanceId: id,
    PreviousState: { Code: 16, Name: "running" },
    CurrentState: { Code: 32, Name: "shutting-down" },
  })),
};

async function withElicitation(
  action: "accept" | "decline" | "cancel",
  aws: ReturnType<typeof stubAws>,
  config: Parameters<typeof connect>[0] = {},
) {
  const asked: string[] = [];
  const connected = await connect({ allowDestructive: true, ...config }, { aws, inventory }, {
    capabilities: { elicitation: {} },
  });
  connected.client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return action === "accept" ? { action, content: { confirm: true } } : { action };
  });
  return { ...connected, asked };
}

Deno.test("ec2_terminate_instances confirms naming ids, Name tags and types, then terminates", async () => {
  const aws = stubAws({
    ec2: { describeInstances: () => described, terminateInstances: () => terminating },
  });
  const { client, close, asked } = await withElicitation("accept", aws);
  try {
    const out = await callOk(client, "ec2_terminate_instances", { instance_ids: [A, B] });
    deepEqual(asked, [
      `Terminate 2 instances ${A}, ${B}: ${A} "web-1" t3.micro; ${B} t3.small in us-east-1. This cannot be undone.`,
    ]);
    // The question's lookup, again in the answer's round, then the termination.
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeInstances", { InstanceIds: [A, B] }],
      ["describeInstances", { InstanceIds: [A, B] }],
      ["terminateInstances", { InstanceIds: [A, B], DryRun: false }],
    ]);
    equal(out.confirmation, "accepted");
    deepEqual(out.instances, [
      { instance_id: A, previous_state: "running", current_state: "shutting-down" },
      { instance_id: B, previous_state: "running", current_state: "shutting-down" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_terminate_instances declined acts on nothing and says what it would have done", async () => {
  const aws = stubAws({
    ec2: { describeInstances: () => described, terminateInstances: () => terminating },
  });
  const { client, close } = await withElicitation("decline", aws);
  try {
    const out = await callOk(client, "ec2_terminate_instances", { instance_ids: [B] });
    equal(out.confirmation, "declined");
    equal(
      out.message,
      `Nothing was changed: the user declined (Terminate 1 instance ${B}: ${B} t3.small)`,
    );
    deepEqual(aws.calls.map((c) => c.method), ["describeInstances", "describeInstances"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_terminate_instances dry_run asks nobody and passes DryRun: true", async () => {
  const aws = stubAws({
    ec2: {
      terminateInstances: () => {
        throw Object.assign(new Error("You are not authorized to perform this operation."), {
          name: "UnauthorizedOperation",
          $fault: "client",
        });
      },
    },
  });
  const { client, close, asked } = await withElicitation("accept", aws);
  try {
    const out = await callOk(client, "ec2_terminate_instances", {
      instance_ids: [A],
      dry_run: true,
    });
    deepEqual(asked, []);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["terminateInstances", { InstanceIds: [A], DryRun: true }],
    ]);
    deepEqual(out.dry_run, {
      would_succeed: false,
      message: "UnauthorizedOperation: You are not authorized to perform this operation.",
      missing_permissions: ["ec2:TerminateInstances"],
      tool_permissions: ["ec2:TerminateInstances", "ec2:DescribeInstances", "ec2:DescribeTags"],
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_terminate_instances under --require-tag refuses before asking the human", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({ Tags: [] }),
      describeInstances: () => described,
      terminateInstances: () => terminating,
    },
  });
  const { client, close, asked } = await withElicitation("accept", aws, {
    requireTag: { key: "owner", value: "agent" },
  });
  try {
    const refused = await call(client, "ec2_terminate_instances", { instance_ids: [A] });
    equal(refused.isError, true);
    match(text(refused), /^RequiredTagMissing: refused: i-0123456789abcdef0 does not carry/);
    deepEqual(asked, []);
    deepEqual(aws.calls.map((c) => c.method), ["describeTags"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_terminate_instances lets AWS's termination protection error through", async () => {
  const aws = stubAws({
    ec2: {
      describeInstances: () => described,
      terminateInstances: () => {
        throw Object.assign(
          new Error(
            `The instance '${A}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
          ),
          { name: "OperationNotPermitted", $fault: "client" },
        );
      },
    },
  });
  const { client, close } = await connect({ allowDestructive: true, waiveConfirmation: true }, {
    aws,
    inventory,
  });
  try {
    const failed = await call(client, "ec2_terminate_instances", { instance_ids: [A] });
    equal(failed.isError, true);
    match(text(failed), /^OperationNotPermitted: The instance 'i-0123456789abcdef0' may not be/);
  } finally {
    await close();
  }
});

Deno.test("ec2_terminate_instances names a malformed id and a non-boolean wait", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory });
  try {
    const bad = await call(client, "ec2_terminate_instances", {
      instance_ids: ["i-ABC"],
      wait: 1,
    });
    equal(bad.isError, true);
    match(text(bad), /instance_ids\.0: expected an id like i-0123456789abcdef0/);
    match(text(bad), /wait: Invalid input: expected boolean/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
