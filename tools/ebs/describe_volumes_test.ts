import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeVolumes } from "./describe_volumes.ts";

const VOL = "vol-0123456789abcdef0";
const INSTANCE = "i-0123456789abcdef0";
const inventory = [describeVolumes];
const created = new Date("2026-01-02T03:04:05.000Z");

const attached = {
  VolumeId: VOL,
  Size: 100,
  VolumeType: "gp3",
  Iops: 3000,
  Throughput: 125,
  Encrypted: true,
  KmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/abc",
  AvailabilityZone: "us-east-1a",
  State: "in-use",
  SnapshotId: "",
  CreateTime: created,
  Tags: [{ Key: "Name", Value: "data" }],
  Attachments: [{
    InstanceId: INSTANCE,
    Device: "/dev/sdf",
    State: "attached",
    DeleteOnTermination: false,
    VolumeId: VOL,
  }],
};

Deno.test("ebs_describe_volumes turns filters into EC2 Filters and answers compact rows", async () => {
  const aws = stubAws({ ec2: { describeVolumes: () => ({ Volumes: [attached] }) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_describe_volumes", {
      states: ["in-use"],
      types: ["gp3", "io2"],
      instance_id: INSTANCE,
      tags: { team: "data", env: "*" },
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeVolumes", {
        Filters: [
          { Name: "status", Values: ["in-use"] },
          { Name: "volume-type", Values: ["gp3", "io2"] },
          { Name: "attachment.instance-id", Values: [INSTANCE] },
          { Name: "tag:team", Values: ["data"] },
          { Name: "tag-key", Values: ["env"] },
        ],
        MaxResults: 500,
      }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      volumes: [{
        id: VOL,
        name: "data",
        size_gib: 100,
        type: "gp3",
        iops: 3000,
        throughput: 125,
        encrypted: true,
        kms_key_id: "arn:aws:kms:us-east-1:123456789012:key/abc",
        zone: "us-east-1a",
        state: "in-use",
        created: "2026-01-02T03:04:05.000Z",
        attachment: {
          instance: INSTANCE,
          device: "/dev/sdf",
          state: "attached",
          delete_on_termination: false,
        },
      }],
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_volumes looks ids up directly, without MaxResults", async () => {
  const aws = stubAws({ ec2: { describeVolumes: () => ({ Volumes: [] }) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk(client, "ebs_describe_volumes", { volume_ids: [VOL] });
    deepEqual(aws.calls[0]?.input, { VolumeIds: [VOL] });
    deepEqual(out.volumes, []);
    equal(out.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_volumes unattached_only means state available, and refuses a contradiction", async () => {
  const aws = stubAws({ ec2: { describeVolumes: () => ({ Volumes: [] }) } });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    await callOk(client, "ebs_describe_volumes", { unattached_only: true });
    await callOk(client, "ebs_describe_volumes", {
      unattached_only: true,
      states: ["available", "in-use"],
    });
    deepEqual(aws.calls.map((c) => c.input), [
      { Filters: [{ Name: "status", Values: ["available"] }], MaxResults: 500 },
      { Filters: [{ Name: "status", Values: ["available"] }], MaxResults: 500 },
    ]);
    const refused = await call(client, "ebs_describe_volumes", {
      unattached_only: true,
      states: ["in-use"],
    });
    equal(refused.isError, true);
    match(text(refused), /^InvalidInput: unattached_only: .*excludes/);
    equal(aws.calls.length, 2);
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_volumes names a bad state, type and id", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const bad = await call(client, "ebs_describe_volumes", {
      states: ["attached"],
      types: ["gp4"],
      volume_ids: ["i-0123456789abcdef0"],
    });
    equal(bad.isError, true);
    match(text(bad), /states\.0: expected one of creating, available, in-use/);
    match(text(bad), /types\.0: expected one of gp3, gp2, io1, io2, st1, sc1, standard/);
    match(text(bad), /volume_ids\.0: expected an id like vol-0123456789abcdef0/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ebs_describe_volumes pages past max_results with an opaque token", async () => {
  const ids = ["vol-00000000000000001", "vol-00000000000000002", "vol-00000000000000003"];
  const aws = stubAws({
    ec2: { describeVolumes: () => ({ Volumes: ids.map((VolumeId) => ({ VolumeId })) }) },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const first = await callOk<{ volumes: { id: string }[]; next_token?: string }>(
      client,
      "ebs_describe_volumes",
      { max_results: 2 },
    );
    deepEqual(first.volumes.map((v) => v.id), ids.slice(0, 2));
    ok(first.next_token);
    const second = await callOk<{ volumes: { id: string }[]; next_token?: string }>(
      client,
      "ebs_describe_volumes",
      { max_results: 2, next_token: first.next_token },
    );
    deepEqual(second.volumes.map((v) => v.id), ids.slice(2));
    equal(second.next_token, undefined);
  } finally {
    await close();
  }
});
