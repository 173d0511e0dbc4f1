import { deepEqual, equal, match, ok } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { startFsrStandIn } from "../_ec2_fsr_standin.ts";
import {
  call,
  callOk,
  connectMotoAsking,
  motoEc2,
  motoLaunch,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// moto's state is global: this file works in ap-east-2 and tags what it makes with its run id.
const REGION = "ap-east-2";
const RUN = crypto.randomUUID();

// moto has not implemented DescribeImages' block-device-mapping.snapshot-id filter (HTTP 500
// once the region has an AMI of this account): the stand-in answers it from moto's images and
// forwards everything else to moto.
motoTest(
  "ebs_delete_snapshot asks with volume, size and date, deletes on yes, refuses while an AMI uses it",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const volume = (await ec2.createVolume({ AvailabilityZone: `${REGION}a`, Size: 8 }))
      .VolumeId as string;
    const snapshot = await ec2.createSnapshot({
      VolumeId: volume,
      TagSpecifications: tagSpecs("snapshot", { run: RUN }),
    });
    const id = snapshot.SnapshotId as string;
    const exists = async (snap: string) =>
      ((await ec2.describeSnapshots({ Filters: [{ Name: "snapshot-id", Values: [snap] }] }))
        .Snapshots ?? []).length === 1;
    const standIn = startFsrStandIn(endpoint);
    let answer: "accept" | "decline" = "decline";
    const { client, close, asked } = await connectMotoAsking(
      standIn.url,
      REGION,
      { allowDestructive: true },
      { inventory: [...ebsTools] },
      () => answer,
    );
    let instance: string | undefined;
    let image: string | undefined;
    try {
      await t.step("dry_run asks nothing and deletes nothing", async () => {
        const out = await callOk(client, "ebs_delete_snapshot", { snapshot_id: id, dry_run: true });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(asked, []);
        ok(await exists(id));
      });

      await t.step(
        "declined: the question names volume, size and date; nothing changes",
        async () => {
          const out = await callOk(client, "ebs_delete_snapshot", { snapshot_id: id });
          equal(out.confirmation, "declined");
          const started = snapshot.StartTime?.toISOString().slice(0, 16).replace("T", " ");
          deepEqual(asked, [
            `Delete snapshot ${id} (${volume}, 8 GiB, ${started} UTC) in ${REGION}. This cannot be undone.`,
          ]);
          ok(await exists(id));
        },
      );

      await t.step(
        "a snapshot an AMI uses is refused, naming the AMI, without asking",
        async () => {
          instance = (await motoLaunch(ec2))[0] as string;
          image = (await ec2.createImage({ InstanceId: instance, Name: `img-${RUN}` }))
            .ImageId as string;
          const used = (await ec2.describeImages({ ImageIds: [image] })).Images?.[0]
            ?.BlockDeviceMappings?.find((m) => m.Ebs?.SnapshotId)?.Ebs?.SnapshotId as string;
          ok(used, "moto gives the image an EBS snapshot");
          const before = asked.length;
          const refused = await call(client, "ebs_delete_snapshot", { snapshot_id: used });
          equal(
            text(refused),
            `InvalidSnapshot.InUse: snapshot ${used} is used by AMI ${image} — deregister those AMIs first (ec2_deregister_ami), then delete the snapshot`,
          );
          equal(asked.length, before);
          ok(await exists(used));
          const lookup = standIn.calls.filter((c) => c.action === "DescribeImages").at(-1);
          equal(lookup?.params.get("Owner.1"), "self");
          equal(lookup?.params.get("Filter.1.Name"), "block-device-mapping.snapshot-id");
          equal(lookup?.params.get("Filter.1.Value.1"), used);
        },
      );

      await t.step("accepted: the snapshot is gone", async () => {
        answer = "accept";
        const out = await callOk(client, "ebs_delete_snapshot", { snapshot_id: id });
        equal(out.confirmation, "accepted");
        equal(out.deleted_snapshot_id, id);
        equal(await exists(id), false);
      });

      await t.step("a snapshot that is gone is reported without asking", async () => {
        const before = asked.length;
        const gone = await call(client, "ebs_delete_snapshot", { snapshot_id: id });
        match(text(gone), /^InvalidSnapshot\.NotFound: /);
        equal(asked.length, before);
      });
    } finally {
      await close();
      await standIn.close();
      if (image) await ec2.deregisterImage({ ImageId: image }).catch(() => {});
      if (instance) await ec2.terminateInstances({ InstanceIds: [instance] }).catch(() => {});
      await ec2.deleteVolume({ VolumeId: volume }).catch(() => {});
    }
  },
);
