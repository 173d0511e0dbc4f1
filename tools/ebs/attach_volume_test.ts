import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { attachVolume } from "./attach_volume.ts";

const VOL = "vol-0123456789abcdef0";
const INSTANCE = "i-0123456789abcdef0";
const inventory = [attachVolume];
const available = {
  VolumeId: VOL,
  Size: 10,
  VolumeType: "gp3",
  AvailabilityZone: "us-east-1a",
  State: "available",
  Attachments: [],
};
const instanceIn = (zone: string) => ({
  Reservations: [{ Instances: [{ InstanceId: INSTANCE, Placement: { AvailabilityZone: zone } }] }],
});
const attaching = {
  VolumeId: VOL,
  InstanceId: INSTANCE,
  Device: "/dev/sdf",
  State: "attaching",
};

Deno.test("ebs_attach_volume checks both resources, then sends AttachVolume with DryRun", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({
        Tags: [
          { ResourceId: VOL, Key: "owner", Value: "agent" },
          { ResourceId: INSTANCE, Key: "owner", Value: "agent" },
        ],
      }),
      describeVolumes: () => ({ Volumes: [available] }),
      describeInstances: () => instanceIn("us-east-1a"),
      attachVolume: () => attaching,
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_attach_volume", {
      volume_id: VOL,
      instance_id: INSTANCE,
      device: "/dev/sdf",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [VOL, INSTANCE] }],
        MaxResults: 1000,
      }],
      ["describeVolumes", { VolumeIds: [VOL] }],
      ["describeInstances", { InstanceIds: [INSTANCE] }],
      ["attachVolume", { VolumeId: VOL, InstanceId: INSTANCE, Device: "/dev/sdf", DryRun: false }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      volume_id: VOL,
      instance_id: INSTANCE,
      device: "/dev/sdf",
      state: "attaching",
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_attach_volume refuses an instance in another zone, naming both, without attaching", async () => {
  const aws = stubAws({
    ec2: {
      describeVolumes: () => ({ Volumes: [available] }),
      describeInstances: () => instanceIn("us-east-1b"),
      attachVolume: () => attaching,
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (const dry_run of [false, true]) {
      const refused = await call(client, "ebs_attach_volume", {
        volume_id: VOL,
        instance_id: INSTANCE,
        device: "/dev/sdf",
        dry_run,
      });
      equal(refused.isError, true);
      match(
        text(refused),
        new RegExp(
          `^ZoneMismatch: refused: volume ${VOL} is in us-east-1a but instance ${INSTANCE} is in us-east-1b — .*restore the snapshot in us-east-1b`,
        ),
      );
    }
    equal(aws.calls.filter((c) => c.method === "attachVolume").length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_attach_volume refuses a volume attached elsewhere, naming the instance", async () => {
  const other = "i-0fedcba9876543210";
  const aws = stubAws({
    ec2: {
      describeVolumes: () => ({
        Volumes: [{
          ...available,
          State: "in-use",
          Attachments: [{ InstanceId: other, Device: "/dev/sdg", State: "attached" }],
        }],
      }),
      describeInstances: () => instanceIn("us-east-1a"),
      attachVolume: () => attaching,
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const refused = await call(client, "ebs_attach_volume", {
      volume_id: VOL,
      instance_id: INSTANCE,
      device: "/dev/sdf",
    });
    match(
      text(refused),
      new RegExp(`^VolumeInUse: .* is already attached to ${other} as /dev/sdg`),
    );
    equal(aws.calls.filter((c) => c.method === "attachVolume").length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_attach_volume with wait polls until the attachment is attached", async () => {
  const polls = ["attaching", "attached"];
  const aws = stubAws({
    ec2: {
      describeVolumes: (input: { VolumeIds?: string[] }) =>
        input.VolumeIds ? { Volumes: [available] } : {
          Volumes: [{
            ...available,
            State: "in-use",
            Attachments: [{ InstanceId: INSTANCE, State: polls.shift() ?? "attached" }],
          }],
        },
      describeInstances: () => instanceIn("us-east-1a"),
      attachVolume: () => attaching,
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const out = await callOk<{ state: string; wait: Record<string, unknown> }>(
      client,
      "ebs_attach_volume",
      { volume_id: VOL, instance_id: INSTANCE, device: "xvdf", wait: true },
    );
    equal(out.state, "attached");
    deepEqual({ ...out.wait, waited_ms: 0 }, {
      done: true,
      message: "1/1 in-use",
      waited_ms: 0,
    });
    equal(aws.calls.filter((c) => c.method === "describeVolumes").length, 3);
  } finally {
    await close();
  }
});

Deno.test("ebs_attach_volume names a bad device and a missing instance_id", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const bad = await call(client, "ebs_attach_volume", { volume_id: VOL, device: "sdf!" });
    equal(bad.isError, true);
    match(text(bad), /instance_id: Invalid input: expected string/);
    match(text(bad), /device: expected a device name like \/dev\/sdf/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_attach_volume needs the required tag on both resources, before any lookup", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({ Tags: [{ ResourceId: INSTANCE, Key: "owner", Value: "agent" }] }),
      attachVolume: () => attaching,
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory });
  try {
    const refused = await call(client, "ebs_attach_volume", {
      volume_id: VOL,
      instance_id: INSTANCE,
      device: "/dev/sdf",
    });
    match(
      text(refused),
      new RegExp(`^RequiredTagMissing: refused: ${VOL} does not carry owner=agent`),
    );
    deepEqual(aws.calls.map((c) => c.method), ["describeTags"]);
  } finally {
    await close();
  }
});
