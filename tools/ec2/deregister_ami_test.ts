import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { deregisterAmi } from "./deregister_ami.ts";

const IMAGE = "ami-0123456789abcdef0";
const SNAP_A = "snap-0123456789abcdef0";
const SNAP_B = "snap-0123456789abcdef1";
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

function amiAws(snapshotFails = new Set<string>()) {
  return stubAws({
    ec2: {
      describeImages: () => ({
        Images: [{
          ImageId: IMAGE,
          Name: "golden",
          BlockDeviceMappings: [
            { DeviceName: "/dev/xvda", Ebs: { SnapshotId: SNAP_A } },
            { DeviceName: "/dev/xvdb", Ebs: { SnapshotId: SNAP_B } },
            { DeviceName: "/dev/xvdc", VirtualName: "ephemeral0" },
          ],
        }],
      }),
      deregisterImage: (input: { DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation");
        return { Return: true };
      },
      deleteSnapshot: (input: { SnapshotId: string; DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation");
        if (snapshotFails.has(input.SnapshotId)) {
          throw Object.assign(new Error("snapshot is in use by ami-0123456789abcdef9"), {
            name: "InvalidSnapshot.InUse",
          });
        }
        return {};
      },
    },
  });
}

Deno.test("ec2_deregister_ami names the snapshots it will delete, deregisters, then deletes them", async () => {
  const aws = amiAws();
  const asked: string[] = [];
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deregisterAmi],
  }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const out = await callOk(client, "ec2_deregister_ami", {
      image_id: IMAGE,
      delete_snapshots: true,
    });
    deepEqual(asked, [
      `Deregister AMI ${IMAGE} ("golden") and delete its snapshots ${SNAP_A}, ${SNAP_B} in us-east-1. This cannot be undone.`,
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      confirmation: "accepted",
      deregistered_image_id: IMAGE,
      deleted_snapshot_ids: [SNAP_A, SNAP_B],
    });
    // Guards, question, the answer's round (guards, question), handler: each looks the image up.
    deepEqual(aws.calls.slice(1).map((c) => [c.method, c.input]), [
      ...Array(4).fill(["describeImages", { ImageIds: [IMAGE] }]),
      ["deregisterImage", { ImageId: IMAGE, DryRun: false }],
      ["deleteSnapshot", { SnapshotId: SNAP_A, DryRun: false }],
      ["deleteSnapshot", { SnapshotId: SNAP_B, DryRun: false }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_deregister_ami without delete_snapshots keeps them and says so", async () => {
  const aws = amiAws();
  const asked: string[] = [];
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deregisterAmi],
  }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const out = await callOk(client, "ec2_deregister_ami", { image_id: IMAGE });
    deepEqual(asked, [`Deregister AMI ${IMAGE} ("golden") in us-east-1. This cannot be undone.`]);
    deepEqual(out.deleted_snapshot_ids, []);
    deepEqual(out.kept_snapshot_ids, [SNAP_A, SNAP_B]);
    equal(aws.calls.some((c) => c.method === "deleteSnapshot"), false);
  } finally {
    await close();
  }
});

Deno.test("ec2_deregister_ami reports a snapshot it could not delete after deregistering", async () => {
  const aws = amiAws(new Set([SNAP_B]));
  const { client, close } = await connect({ allowDestructive: true, waiveConfirmation: true }, {
    aws,
    inventory: [deregisterAmi],
  });
  try {
    const out = await callOk(client, "ec2_deregister_ami", {
      image_id: IMAGE,
      delete_snapshots: true,
    });
    deepEqual(out.deleted_snapshot_ids, [SNAP_A]);
    deepEqual(out.kept_snapshot_ids, [SNAP_B]);
    deepEqual(out.snapshot_errors, [
      `${SNAP_B}: InvalidSnapshot.InUse: snapshot is in use by ami-0123456789abcdef9`,
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_deregister_ami dry run checks deregistering and every snapshot deletion", async () => {
  const aws = amiAws();
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deregisterAmi],
  });
  try {
    const out = await callOk(client, "ec2_deregister_ami", {
      image_id: IMAGE,
      delete_snapshots: true,
      dry_run: true,
    });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    deepEqual(aws.calls.slice(-4).map((c) => [c.method, c.input]), [
      ["describeImages", { ImageIds: [IMAGE] }],
      ["deregisterImage", { ImageId: IMAGE, DryRun: true }],
      ["deleteSnapshot", { SnapshotId: SNAP_A, DryRun: true }],
      ["deleteSnapshot", { SnapshotId: SNAP_B, DryRun: true }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_deregister_ami names a malformed image id and a wrong delete_snapshots", async () => {
  const { client, close } = await connect({ allowDestructive: true }, {
    aws: stubAws({}),
    inventory: [deregisterAmi],
  });
  try {
    const bad = await call(client, "ec2_deregister_ami", {
      image_id: "ami-xyz",
      delete_snapshots: "all",
    });
    match(text(bad), /image_id: expected an id like ami-0123456789abcdef0/);
    match(text(bad), /delete_snapshots: Invalid input: expected boolean/);
  } finally {
    await close();
  }
});
