import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { rebootInstances } from "./reboot_instances.ts";

const A = "i-0123456789abcdef0";
const B = "i-01234567";
const inventory = [rebootInstances];

Deno.test("ec2_reboot_instances sends RebootInstances with DryRun and names what it rebooted", async () => {
  const aws = stubAws({ ec2: { rebootInstances: () => ({}) } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_reboot_instances", { instance_ids: [A, B] });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["rebootInstances", { InstanceIds: [A, B], DryRun: false }],
    ]);
    deepEqual(out, { account: "123456789012", region: "us-east-1", rebooted: [A, B] });
  } finally {
    await close();
  }
});

Deno.test("ec2_reboot_instances is not idempotent and takes no wait", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory,
  });
  try {
    const tool = (await client.listTools()).tools.find((t) => t.name === "ec2_reboot_instances");
    equal(tool?.annotations?.idempotentHint, false);
    const bad = await call(client, "ec2_reboot_instances", { instance_ids: [A], wait: true });
    equal(bad.isError, true);
    match(text(bad), /Unrecognized key: "wait"/);
  } finally {
    await close();
  }
});

Deno.test("ec2_reboot_instances under --require-tag refuses an untagged instance", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({ Tags: [{ ResourceId: A, Key: "owner", Value: "agent" }] }),
      rebootInstances: () => ({}),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory });
  try {
    const refused = await call(client, "ec2_reboot_instances", { instance_ids: [A, B] });
    match(text(refused), /^RequiredTagMissing: refused: i-01234567 does not carry owner=agent/);
    deepEqual(aws.calls.map((c) => c.method), ["describeTags"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_reboot_instances names a missing instance_ids", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory,
  });
  try {
    const bad = await call(client, "ec2_reboot_instances", {});
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: instance_ids: Invalid input: expected array/);
  } finally {
    await close();
  }
});
