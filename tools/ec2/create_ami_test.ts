import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { createAmi } from "./create_ami.ts";

const INSTANCE = "i-0123456789abcdef0";
const IMAGE = "ami-0123456789abcdef0";

Deno.test("ec2_create_ami passes the reboot choice and tags image and snapshots", async () => {
  const aws = stubAws({
    ec2: {
      describeTags: () => ({ Tags: [{ ResourceId: INSTANCE, Key: "owner", Value: "agent" }] }),
      createImage: () => ({ ImageId: IMAGE }),
      describeImages: () => ({ Images: [{ ImageId: IMAGE, State: "pending" }] }),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createAmi] });
  try {
    const out = await callOk(client, "ec2_create_ami", {
      instance_id: INSTANCE,
      name: "web 2026-01-02 (golden)",
      description: "golden image",
      no_reboot: false,
      tags: { app: "web" },
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      image_id: IMAGE,
      state: "pending",
    });
    const tags = [{ Key: "app", Value: "web" }, { Key: "owner", Value: "agent" }];
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeTags", {
        Filters: [{ Name: "resource-id", Values: [INSTANCE] }],
        MaxResults: 1000,
      }],
      ["createImage", {
        InstanceId: INSTANCE,
        Name: "web 2026-01-02 (golden)",
        Description: "golden image",
        NoReboot: false,
        TagSpecifications: [
          { ResourceType: "image", Tags: tags },
          { ResourceType: "snapshot", Tags: tags },
        ],
        DryRun: false,
      }],
      ["describeImages", { ImageIds: [IMAGE] }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_ami reports pending when the new image is not visible yet", async () => {
  const aws = stubAws({
    ec2: {
      createImage: () => ({ ImageId: IMAGE }),
      describeImages: () => {
        throw Object.assign(new Error("not yet"), { name: "InvalidAMIID.NotFound" });
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory: [createAmi] });
  try {
    const out = await callOk(client, "ec2_create_ami", {
      instance_id: INSTANCE,
      name: "web",
      no_reboot: true,
    });
    equal(out.state, "pending");
    deepEqual(aws.calls[0]?.input, {
      InstanceId: INSTANCE,
      Name: "web",
      NoReboot: true,
      DryRun: false,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_ami requires an explicit no_reboot and names bad fields", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory: [createAmi] });
  try {
    const bad = await call(client, "ec2_create_ami", { instance_id: INSTANCE, name: "web" });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: no_reboot: Invalid input: expected boolean/);
    const worse = await call(client, "ec2_create_ami", {
      instance_id: "i-1",
      name: "x",
      no_reboot: "yes",
    });
    match(text(worse), /instance_id: expected an id like i-0123456789abcdef0/);
    match(text(worse), /name: expected 3-128/);
    match(text(worse), /no_reboot: Invalid input: expected boolean/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
