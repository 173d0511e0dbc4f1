import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { deleteVolume } from "./delete_volume.ts";

const VOL = "vol-0123456789abcdef0";
const INSTANCE = "i-0123456789abcdef0";
const inventory = [deleteVolume];
const unattached = {
  VolumeId: VOL,
  Size: 100,
  VolumeType: "gp3",
  AvailabilityZone: "us-east-1a",
  State: "available",
  Tags: [{ Key: "Name", Value: "old-data" }],
  Attachments: [],
};

Deno.test("ebs_delete_volume confirms with name, size, type and zone, then deletes", async () => {
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: [unattached] }), deleteVolume: () => ({}) },
  });
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory }, {
    capabilities: { elicitation: {} },
  });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const out = await callOk(client, "ebs_delete_volume", { volume_id: VOL });
    deepEqual(asked, [
      `Delete volume ${VOL} ("old-data", 100 GiB gp3, us-east-1a) in us-east-1. This cannot be undone.`,
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      confirmation: "accepted",
      deleted_volume_id: VOL,
      name: "old-data",
      size_gib: 100,
      type: "gp3",
      zone: "us-east-1a",
    });
    // Guards and question, the same again in the answer's round, then the handler's check.
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ...Array(5).fill(["describeVolumes", { VolumeIds: [VOL] }]),
      ["deleteVolume", { VolumeId: VOL, DryRun: false }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_volume refuses an attached volume naming the instance, asking nobody", async () => {
  const attached = {
    ...unattached,
    State: "in-use",
    Attachments: [{ InstanceId: INSTANCE, Device: "/dev/sdf", State: "attached" }],
  };
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: [attached] }), deleteVolume: () => ({}) },
  });
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory }, {
    capabilities: { elicitation: {} },
  });
  const asked: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    for (const dry_run of [false, true]) {
      const refused = await call(client, "ebs_delete_volume", { volume_id: VOL, dry_run });
      equal(refused.isError, true);
      equal(
        text(refused),
        `VolumeInUse: refused: ${VOL} ("old-data", 100 GiB gp3, us-east-1a) is attached to ${INSTANCE} as /dev/sdf — detach it first with ebs_detach_volume (and check nothing on it is still needed)`,
      );
    }
    deepEqual(asked, []);
    deepEqual(aws.calls.map((c) => c.method), ["describeVolumes", "describeVolumes"]);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_volume dry_run asks nobody and passes DryRun: true", async () => {
  const aws = stubAws({
    ec2: {
      describeVolumes: () => ({ Volumes: [unattached] }),
      deleteVolume: () => {
        throw Object.assign(new Error("Request would have succeeded, but DryRun flag is set."), {
          name: "DryRunOperation",
          $fault: "client",
        });
      },
    },
  });
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_delete_volume", { volume_id: VOL, dry_run: true });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    equal(out.confirmation, undefined);
    deepEqual(aws.calls.at(-1)?.input, { VolumeId: VOL, DryRun: true });
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_volume with wait polls until the volume is gone", async () => {
  const polls = [[{ ...unattached, State: "deleting" }], []];
  const aws = stubAws({
    ec2: {
      describeVolumes: (input: { VolumeIds?: string[] }) =>
        input.VolumeIds ? { Volumes: [unattached] } : { Volumes: polls.shift() ?? [] },
      deleteVolume: () => ({}),
    },
  });
  const { client, close } = await connect({ allowDestructive: true, waiveConfirmation: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const out = await callOk<{ wait: Record<string, unknown> }>(client, "ebs_delete_volume", {
      volume_id: VOL,
      wait: true,
    });
    deepEqual({ ...out.wait, waited_ms: 0 }, {
      done: true,
      message: "1/1 deleted",
      waited_ms: 0,
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_volume is not registered in write mode, and names a malformed id", async () => {
  const aws = stubAws({});
  const write = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const listed = await write.client.listTools();
    equal(listed.tools.some((t) => t.name === "ebs_delete_volume"), false);
  } finally {
    await write.close();
  }
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory });
  try {
    const bad = await call(client, "ebs_delete_volume", { volume_id: "vol-xyz" });
    match(text(bad), /volume_id: expected an id like vol-0123456789abcdef0/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
