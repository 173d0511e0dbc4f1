import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { cancelSpotRequests } from "./cancel_spot_requests.ts";

const inventory = [cancelSpotRequests];
const A = "sir-abcd1234";
const B = "sir-abcd5678";
const requests = {
  SpotInstanceRequests: [
    { SpotInstanceRequestId: B, State: "open" },
    { SpotInstanceRequestId: A, State: "active", InstanceId: "i-0123456789abcdef0" },
  ],
};
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

function account(extra: Record<string, unknown> = {}) {
  return stubAws({
    ec2: {
      describeSpotInstanceRequests: () => requests,
      cancelSpotInstanceRequests: (input: { SpotInstanceRequestIds: string[] }) => ({
        CancelledSpotInstanceRequests: input.SpotInstanceRequestIds.map((id) => ({
          SpotInstanceRequestId: id,
          State: "cancelled",
        })),
      }),
      terminateInstances: (input: { InstanceIds: string[] }) => ({
        TerminatingInstances: input.InstanceIds.map((InstanceId) => ({ InstanceId })),
      }),
      describeTags: (input: { Filters: { Values: string[] }[] }) => ({
        Tags: input.Filters[0]!.Values.map((ResourceId) => ({
          ResourceId,
          Key: "owner",
          Value: "mcp",
        })),
      }),
      ...extra,
    },
  });
}

Deno.test("ec2_cancel_spot_requests cancels and reports each request's previous and new state", async () => {
  const aws = account();
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_cancel_spot_requests", {
      spot_request_ids: [A, B],
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSpotInstanceRequests", { SpotInstanceRequestIds: [A, B] }],
      ["cancelSpotInstanceRequests", { SpotInstanceRequestIds: [A, B], DryRun: false }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      requests: [
        { id: A, previous_state: "active", state: "cancelled", instance_id: "i-0123456789abcdef0" },
        { id: B, previous_state: "open", state: "cancelled" },
      ],
      terminated_instance_ids: [],
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_cancel_spot_requests refuses terminate_instances in write mode and terminates in destructive mode", async () => {
  const refusedAws = account();
  const write = await connect({ allowWrite: true }, { aws: refusedAws, inventory });
  try {
    const refused = await call(write.client, "ec2_cancel_spot_requests", {
      spot_request_ids: [A],
      terminate_instances: true,
    });
    equal(refused.isError, true);
    match(
      text(refused),
      /^ModeRequired: terminate_instances needs destructive mode — .*--allow-destructive/,
    );
    equal(refusedAws.calls.length, 0);
  } finally {
    await write.close();
  }

  const aws = account();
  const { client, close } = await connect(
    { allowDestructive: true, waiveConfirmation: true, requireTag: { key: "owner", value: "mcp" } },
    { aws, inventory },
  );
  try {
    const out = await callOk(client, "ec2_cancel_spot_requests", {
      spot_request_ids: [A, B],
      terminate_instances: true,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSpotInstanceRequests", { SpotInstanceRequestIds: [A, B] }],
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [A, B, "i-0123456789abcdef0"] }],
        MaxResults: 1000,
      }],
      ["cancelSpotInstanceRequests", { SpotInstanceRequestIds: [A, B], DryRun: false }],
      ["terminateInstances", { InstanceIds: ["i-0123456789abcdef0"], DryRun: false }],
    ]);
    deepEqual(out.terminated_instance_ids, ["i-0123456789abcdef0"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_cancel_spot_requests dry run checks the cancel and then the terminate", async () => {
  let terminateAnswer = "UnauthorizedOperation";
  const aws = account({
    cancelSpotInstanceRequests: () => {
      throw dryRunError("DryRunOperation");
    },
    terminateInstances: () => {
      throw dryRunError(terminateAnswer);
    },
  });
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory });
  try {
    const args = { spot_request_ids: [A], terminate_instances: true, dry_run: true };
    const denied = await callOk<{ dry_run: { would_succeed: boolean; message: string } }>(
      client,
      "ec2_cancel_spot_requests",
      args,
    );
    deepEqual(denied.dry_run.would_succeed, false);
    match(denied.dry_run.message, /^UnauthorizedOperation/);
    deepEqual(aws.calls.map((c) => [c.method, (c.input as { DryRun?: boolean }).DryRun]), [
      ["describeSpotInstanceRequests", undefined],
      ["cancelSpotInstanceRequests", true],
      ["terminateInstances", true],
    ]);
    terminateAnswer = "DryRunOperation";
    const ok = await callOk<{ dry_run: { would_succeed: boolean } }>(
      client,
      "ec2_cancel_spot_requests",
      args,
    );
    equal(ok.dry_run.would_succeed, true);
  } finally {
    await close();
  }
});

Deno.test("ec2_cancel_spot_requests names unknown requests and malformed ids, cancelling nothing", async () => {
  const aws = account();
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const unknown = await call(client, "ec2_cancel_spot_requests", {
      spot_request_ids: [A, "sir-0000ffff"],
      region: "eu-west-1",
    });
    equal(unknown.isError, true);
    match(
      text(unknown),
      /^InvalidSpotInstanceRequestID\.NotFound: no spot instance request sir-0000ffff — .*eu-west-1/,
    );
    const bad = await call(client, "ec2_cancel_spot_requests", { spot_request_ids: ["sr-1"] });
    match(text(bad), /^InvalidInput: spot_request_ids\.0: expected an id like sir-abcd1234/);
    equal(aws.calls.some((c) => c.method === "cancelSpotInstanceRequests"), false);
  } finally {
    await close();
  }
});
