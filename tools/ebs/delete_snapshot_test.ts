import { deepEqual, equal, match } from "node:assert/strict";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { deleteSnapshot } from "./delete_snapshot.ts";

const SNAP = "snap-0123456789abcdef0";
const VOLUME = "vol-0123456789abcdef0";
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

function snapshotAws(images: string[] = []) {
  return stubAws({
    ec2: {
      describeSnapshots: () => ({
        Snapshots: [{
          SnapshotId: SNAP,
          VolumeId: VOLUME,
          VolumeSize: 8,
          StartTime: new Date("2026-02-03T04:05:06.000Z"),
          Tags: [{ Key: "Name", Value: "nightly" }],
        }],
      }),
      describeImages: () => ({ Images: images.map((ImageId) => ({ ImageId })) }),
      deleteSnapshot: (input: { DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation");
        return {};
      },
    },
  });
}

async function connectAsking(aws: ReturnType<typeof stubAws>, answer: "accept" | "decline") {
  const asked: string[] = [];
  const connected = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteSnapshot],
  }, { capabilities: { elicitation: {} } });
  connected.client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return answer === "accept"
      ? { action: "accept", content: { confirm: true } }
      : { action: "decline" };
  });
  return { ...connected, asked };
}

const IMAGE_LOOKUP = {
  Owners: ["self"],
  Filters: [{ Name: "block-device-mapping.snapshot-id", Values: [SNAP] }],
};

Deno.test("ebs_delete_snapshot asks naming volume, size and date, then deletes", async () => {
  const aws = snapshotAws();
  const { client, close, asked } = await connectAsking(aws, "accept");
  try {
    const out = await callOk(client, "ebs_delete_snapshot", { snapshot_id: SNAP });
    deepEqual(asked, [
      `Delete snapshot ${SNAP} ("nightly", ${VOLUME}, 8 GiB, 2026-02-03 04:05 UTC) in us-east-1. This cannot be undone.`,
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      confirmation: "accepted",
      deleted_snapshot_id: SNAP,
    });
    // Guards and question, the answer's round (guards again, the question's lookup), the handler.
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["describeImages", IMAGE_LOOKUP],
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["describeImages", IMAGE_LOOKUP],
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["describeSnapshots", { SnapshotIds: [SNAP] }],
      ["describeImages", IMAGE_LOOKUP],
      ["deleteSnapshot", { SnapshotId: SNAP, DryRun: false }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot refuses, naming the AMIs, without asking or deleting", async () => {
  const aws = snapshotAws(["ami-0123456789abcdef1", "ami-0123456789abcdef0"]);
  const { client, close, asked } = await connectAsking(aws, "accept");
  try {
    const result = await call(client, "ebs_delete_snapshot", { snapshot_id: SNAP });
    equal(result.isError, true);
    equal(
      text(result),
      `InvalidSnapshot.InUse: snapshot ${SNAP} is used by AMI ami-0123456789abcdef0, ami-0123456789abcdef1 — deregister those AMIs first (ec2_deregister_ami), then delete the snapshot`,
    );
    deepEqual(asked, []);
    equal(aws.calls.some((c) => c.method === "deleteSnapshot"), false);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot dry run also refuses a snapshot an AMI uses, before DeleteSnapshot", async () => {
  const aws = snapshotAws(["ami-0123456789abcdef0"]);
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteSnapshot],
  });
  try {
    const result = await call(client, "ebs_delete_snapshot", { snapshot_id: SNAP, dry_run: true });
    match(text(result), /^InvalidSnapshot\.InUse: /);
    equal(aws.calls.some((c) => c.method === "deleteSnapshot"), false);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot declined deletes nothing", async () => {
  const aws = snapshotAws();
  const { client, close, asked } = await connectAsking(aws, "decline");
  try {
    const out = await callOk(client, "ebs_delete_snapshot", { snapshot_id: SNAP });
    equal(out.confirmation, "declined");
    equal(asked.length, 1);
    equal(aws.calls.some((c) => c.method === "deleteSnapshot"), false);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot dry run passes DryRun without asking", async () => {
  const aws = snapshotAws();
  const { client, close, asked } = await connectAsking(aws, "accept");
  try {
    const out = await callOk(client, "ebs_delete_snapshot", { snapshot_id: SNAP, dry_run: true });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    deepEqual(asked, []);
    deepEqual(aws.calls.at(-1), {
      service: "ec2",
      method: "deleteSnapshot",
      input: { SnapshotId: SNAP, DryRun: true },
    });
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot refuses a snapshot without the required tag before asking", async () => {
  const aws = stubAws({ ec2: { describeTags: () => ({ Tags: [] }) } });
  const { client, close } = await connect(
    {
      allowDestructive: true,
      requireTag: { key: "owner", value: "agent" },
    },
    { aws, inventory: [deleteSnapshot] },
    { capabilities: { elicitation: {} } },
  );
  let asked = 0;
  client.setRequestHandler(ElicitRequestSchema, () => {
    asked++;
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const result = await call(client, "ebs_delete_snapshot", { snapshot_id: SNAP });
    match(
      text(result),
      new RegExp(`^RequiredTagMissing: refused: ${SNAP} does not carry owner=agent`),
    );
    equal(asked, 0);
    deepEqual(aws.calls.map((c) => c.method), ["describeTags"]);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot reports an unknown snapshot without asking", async () => {
  const aws = stubAws({ ec2: { describeSnapshots: () => ({ Snapshots: [] }) } });
  const { client, close, asked } = await connectAsking(aws, "accept");
  try {
    const result = await call(client, "ebs_delete_snapshot", { snapshot_id: SNAP });
    match(
      text(result),
      new RegExp(`^InvalidSnapshot\\.NotFound: snapshot ${SNAP} does not exist in us-east-1`),
    );
    deepEqual(asked, []);
  } finally {
    await close();
  }
});

Deno.test("ebs_delete_snapshot names a malformed snapshot id", async () => {
  const { client, close } = await connect({ allowDestructive: true }, {
    aws: stubAws({}),
    inventory: [deleteSnapshot],
  });
  try {
    const bad = await call(client, "ebs_delete_snapshot", { snapshot_id: "snap-xyz" });
    match(text(bad), /^InvalidInput: snapshot_id: expected an id like snap-0123456789abcdef0/);
    const missing = await call(client, "ebs_delete_snapshot", {});
    match(text(missing), /^InvalidInput: snapshot_id: /);
  } finally {
    await close();
  }
});
