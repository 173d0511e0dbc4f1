import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { detachVolume } from "./detach_volume.ts";

const VOL = "vol-0123456789abcdef0";
const INSTANCE = "i-0123456789abcdef0";
const OTHER = "i-0fedcba9876543210";
const inventory = [detachVolume];
const attached = {
  VolumeId: VOL,
  Size: 10,
  VolumeType: "gp3",
  AvailabilityZone: "us-east-1a",
  State: "in-use",
  Attachments: [{ InstanceId: INSTANCE, Device: "/dev/sdf", State: "attached" }],
};
const detaching = { VolumeId: VOL, InstanceId: INSTANCE, Device: "/dev/sdf", State: "detaching" };

Deno.test("ebs_detach_volume finds the instance, then sends DetachVolume with DryRun", async () => {
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: [attached] }), detachVolume: () => detaching },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_detach_volume", { volume_id: VOL });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVolumes", { VolumeIds: [VOL] }],
      ["detachVolume", { VolumeId: VOL, InstanceId: INSTANCE, DryRun: false }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      volume_id: VOL,
      instance_id: INSTANCE,
      device: "/dev/sdf",
      state: "detaching",
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_detach_volume refuses force without destructive mode, before calling AWS", async () => {
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: [attached] }), detachVolume: () => detaching },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (const dry_run of [false, true]) {
      const refused = await call(client, "ebs_detach_volume", {
        volume_id: VOL,
        force: true,
        dry_run,
      });
      equal(refused.isError, true);
      equal(
        text(refused),
        "ModeRequired: force needs destructive mode — the operator must start the server with --allow-destructive; call again without it",
      );
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_detach_volume force in destructive mode asks the human first", async () => {
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: [attached] }), detachVolume: () => detaching },
  });
  const { client, close } = await connect({ allowDestructive: true }, { aws, inventory }, {
    capabilities: { elicitation: {} },
  });
  const asked: string[] = [];
  let action: "accept" | "decline" = "decline";
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return action === "accept" ? { action, content: { confirm: true } } : { action };
  });
  try {
    const declined = await callOk(client, "ebs_detach_volume", {
      volume_id: VOL,
      instance_id: INSTANCE,
      force: true,
    });
    equal(declined.confirmation, "declined");
    equal(aws.calls.filter((c) => c.method === "detachVolume").length, 0);
    action = "accept";
    const out = await callOk(client, "ebs_detach_volume", {
      volume_id: VOL,
      instance_id: INSTANCE,
      device: "/dev/sdf",
      force: true,
    });
    equal(out.confirmation, "accepted");
    deepEqual(asked, [
      `Force-detach ${VOL} from ${INSTANCE} (data may be lost) in us-east-1. This cannot be undone.`,
      `Force-detach ${VOL} from ${INSTANCE} (data may be lost) in us-east-1. This cannot be undone.`,
    ]);
    deepEqual(aws.calls.filter((c) => c.method === "detachVolume").map((c) => c.input), [
      { VolumeId: VOL, InstanceId: INSTANCE, Device: "/dev/sdf", Force: true, DryRun: false },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_detach_volume refuses an unattached volume and a wrong instance or device", async () => {
  const volumes = [
    { ...attached, State: "available", Attachments: [] },
    attached,
    attached,
  ];
  const aws = stubAws({
    ec2: {
      describeVolumes: () => ({ Volumes: [volumes.shift() ?? attached] }),
      detachVolume: () => detaching,
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const free = await call(client, "ebs_detach_volume", { volume_id: VOL });
    match(text(free), /^IncorrectState: vol-.* is not attached \(state available\)/);
    const wrong = await call(client, "ebs_detach_volume", { volume_id: VOL, instance_id: OTHER });
    match(
      text(wrong),
      new RegExp(
        `^InvalidAttachment.NotFound: ${VOL} is not attached to ${OTHER}; it is attached to ${INSTANCE}`,
      ),
    );
    const device = await call(client, "ebs_detach_volume", { volume_id: VOL, device: "/dev/sdg" });
    match(text(device), /^InvalidInput: device: .* is attached as \/dev\/sdf, not \/dev\/sdg/);
    equal(aws.calls.filter((c) => c.method === "detachVolume").length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_detach_volume asks which instance for a multi-attach volume", async () => {
  const multi = {
    ...attached,
    MultiAttachEnabled: true,
    Attachments: [...attached.Attachments, { InstanceId: OTHER, State: "attached" }],
  };
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: [multi] }), detachVolume: () => detaching },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const refused = await call(client, "ebs_detach_volume", { volume_id: VOL });
    match(
      text(refused),
      /^InvalidInput: instance_id: .* is attached to i-0123456789abcdef0, i-0fed/,
    );
    await callOk(client, "ebs_detach_volume", { volume_id: VOL, instance_id: OTHER });
    deepEqual(aws.calls.at(-1)?.input, { VolumeId: VOL, InstanceId: OTHER, DryRun: false });
  } finally {
    await close();
  }
});

Deno.test("ebs_detach_volume with wait polls until available", async () => {
  const polls = [attached, { ...attached, State: "available", Attachments: [] }];
  const aws = stubAws({
    ec2: {
      describeVolumes: (input: { VolumeIds?: string[] }) => ({
        Volumes: [input.VolumeIds ? attached : polls.shift() ?? attached],
      }),
      detachVolume: () => detaching,
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
      "ebs_detach_volume",
      { volume_id: VOL, wait: true },
    );
    equal(out.state, "detached");
    deepEqual({ ...out.wait, waited_ms: 0 }, {
      done: true,
      message: "1/1 available",
      waited_ms: 0,
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_detach_volume needs the required tag on the instance too, before detaching", async () => {
  const aws = stubAws({
    ec2: {
      describeVolumes: () => ({ Volumes: [attached] }),
      describeTags: () => ({ Tags: [{ ResourceId: VOL, Key: "owner", Value: "agent" }] }),
      detachVolume: () => detaching,
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory });
  try {
    const refused = await call(client, "ebs_detach_volume", { volume_id: VOL });
    equal(refused.isError, true);
    match(
      text(refused),
      new RegExp(`^RequiredTagMissing: refused: ${INSTANCE} does not carry owner=agent`),
    );
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVolumes", { VolumeIds: [VOL] }],
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [VOL, INSTANCE] }],
        MaxResults: 1000,
      }],
    ]);
  } finally {
    await close();
  }
});
