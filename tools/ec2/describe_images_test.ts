import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeImages, imageSummary, MAX_IMAGE_CALLS } from "./describe_images.ts";

const image = (id: string, created: string, extra: Record<string, unknown> = {}) => ({
  ImageId: id,
  Name: `img-${id.slice(-1)}`,
  CreationDate: created,
  ...extra,
});

interface Out {
  images: { id: string }[];
  next_token?: string;
  note?: string;
}

Deno.test("imageSummary keeps the compact fields, the block device mappings and shortens long descriptions", () => {
  const row = imageSummary({
    ImageId: "ami-0123456789abcdef0",
    Name: "al2023",
    Description: "x".repeat(300),
    Architecture: "arm64",
    Platform: "Windows",
    PlatformDetails: "Windows",
    CreationDate: "2026-01-02T03:04:05.000Z",
    OwnerId: "137112412989",
    ImageOwnerAlias: "amazon",
    State: "available",
    Public: true,
    RootDeviceType: "ebs",
    VirtualizationType: "hvm",
    DeprecationTime: "2028-01-01T00:00:00.000Z",
    RootDeviceName: "/dev/xvda",
    BlockDeviceMappings: [
      {
        DeviceName: "/dev/xvda",
        Ebs: { SnapshotId: "snap-0123456789abcdef0", VolumeSize: 8, VolumeType: "gp3" },
      },
      { DeviceName: "/dev/sdb", VirtualName: "ephemeral0" },
    ],
  });
  equal(row.description?.length, 120);
  equal(row.description?.endsWith("…"), true);
  deepEqual({ ...row, description: undefined }, {
    id: "ami-0123456789abcdef0",
    name: "al2023",
    description: undefined,
    architecture: "arm64",
    platform: "Windows",
    creation_date: "2026-01-02T03:04:05.000Z",
    owner: "137112412989",
    owner_alias: "amazon",
    state: "available",
    public: true,
    root_device_type: "ebs",
    root_device: "/dev/xvda",
    block_devices: [
      { device: "/dev/xvda", snapshot_id: "snap-0123456789abcdef0", size_gib: 8, type: "gp3" },
      { device: "/dev/sdb", virtual: "ephemeral0" },
    ],
    virtualization: "hvm",
    deprecation_time: "2028-01-01T00:00:00.000Z",
  });
});

Deno.test("ec2_describe_images finds the images a snapshot backs", async () => {
  const backed = (id: string, snapshot: string) =>
    image(id, "2026-01-01T00:00:00.000Z", {
      BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { SnapshotId: snapshot } }],
    });
  const aws = stubAws({
    ec2: {
      describeImages: () => ({
        Images: [
          backed("ami-0123456789abcdef1", "snap-0123456789abcdef1"),
          backed("ami-0123456789abcdef2", "snap-0123456789abcdef2"),
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeImages] });
  try {
    const out = await callOk<Out>(client, "ec2_describe_images", {
      region: "eu-west-1",
      snapshot_id: "snap-0123456789abcdef2",
    });
    deepEqual(out.images.map((i) => i.id), ["ami-0123456789abcdef2"]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_images defaults owners to self, sends its filters and sorts newest first", async () => {
  const pages: Record<string, unknown> = {
    "": {
      Images: [
        image("ami-0123456789abcdef1", "2026-01-01T00:00:00.000Z"),
        image("ami-0123456789abcdef3", "2026-03-01T00:00:00.000Z"),
      ],
      NextToken: "t2",
    },
    t2: {
      Images: [
        image("ami-0123456789abcdef2", "2026-02-01T00:00:00.000Z"),
        image("ami-0123456789abcdef0", "2026-03-01T00:00:00.000Z"),
      ],
    },
  };
  const aws = stubAws({
    ec2: { describeImages: (input: { NextToken?: string }) => pages[input.NextToken ?? ""] },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeImages] });
  try {
    const out = await callOk<Out>(client, "ec2_describe_images", {
      name_pattern: "img-*",
      architecture: "arm64",
      include_deprecated: true,
    });
    const sent = {
      Owners: ["self"],
      Filters: [{ Name: "name", Values: ["img-*"] }, { Name: "architecture", Values: ["arm64"] }],
      IncludeDeprecated: true,
      MaxResults: 1000,
    };
    deepEqual(aws.calls.map((c) => c.input), [sent, { ...sent, NextToken: "t2" }]);
    // Same creation date: the id breaks the tie, so every call sorts the same way.
    deepEqual(out.images.map((i) => i.id), [
      "ami-0123456789abcdef0",
      "ami-0123456789abcdef3",
      "ami-0123456789abcdef2",
      "ami-0123456789abcdef1",
    ]);
    equal(out.note, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_images pages over the sorted set with a stateless next_token", async () => {
  const images = Array.from(
    { length: 5 },
    (_, n) => image(`ami-012345678${n}`, `2026-01-0${n + 1}T00:00:00.000Z`),
  );
  const aws = stubAws({ ec2: { describeImages: () => ({ Images: [...images] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeImages] });
  try {
    const args = { owners: ["amazon", "123456789012"], max_results: 2 };
    const first = await callOk<Out>(client, "ec2_describe_images", args);
    deepEqual(first.images.map((i) => i.id), ["ami-0123456784", "ami-0123456783"]);
    const second = await callOk<Out>(client, "ec2_describe_images", {
      ...args,
      next_token: first.next_token,
    });
    deepEqual(second.images.map((i) => i.id), ["ami-0123456782", "ami-0123456781"]);
    const third = await callOk<Out>(client, "ec2_describe_images", {
      ...args,
      next_token: second.next_token,
    });
    deepEqual(third.images.map((i) => i.id), ["ami-0123456780"]);
    equal(third.next_token, undefined);
    deepEqual(aws.calls[0]?.input, { Owners: ["amazon", "123456789012"], MaxResults: 1000 });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_images looks ids up without owners or MaxResults", async () => {
  const aws = stubAws({ ec2: { describeImages: () => ({ Images: [] }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeImages] });
  try {
    await callOk(client, "ec2_describe_images", { image_ids: ["ami-0123456789abcdef0"] });
    deepEqual(aws.calls[0]?.input, { ImageIds: ["ami-0123456789abcdef0"] });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_images stops at the call cap and says the sort was partial", async () => {
  let n = 0;
  const aws = stubAws({
    ec2: {
      describeImages: () => ({
        Images: [image(`ami-0000000${n}`, `2026-01-0${++n}T00:00:00.000Z`)],
        NextToken: `t${n}`,
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeImages] });
  try {
    const out = await callOk<Out>(client, "ec2_describe_images", {});
    equal(aws.calls.length, MAX_IMAGE_CALLS);
    equal(out.images.length, MAX_IMAGE_CALLS);
    equal(out.images[0]?.id, `ami-0000000${MAX_IMAGE_CALLS - 1}`);
    match(out.note ?? "", /^more images match than the 5 sorted here; narrow with name_pattern/);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_images names a bad owner and a bad architecture", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [describeImages] });
  try {
    const bad = await call(client, "ec2_describe_images", {
      owners: ["me"],
      architecture: "sparc",
    });
    equal(bad.isError, true);
    match(text(bad), /owners\.0: expected self, amazon, aws-marketplace, aws-backup-vault or a 12/);
    match(text(bad), /architecture: Invalid option/);
  } finally {
    await close();
  }
});
