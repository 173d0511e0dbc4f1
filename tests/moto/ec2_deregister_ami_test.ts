import { deepEqual, equal, match } from "node:assert/strict";
import { deregisterAmi } from "../../tools/ec2/deregister_ami.ts";
import { describeImages } from "../../tools/ec2/describe_images.ts";
import {
  call,
  callOk,
  connectMotoAsking,
  motoEc2,
  motoLaunch,
  motoTest,
  text,
} from "../_helpers.ts";

// moto's state is global: this file works in sa-east-1 and names its images after its run id.
const REGION = "sa-east-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_deregister_ami asks naming the snapshots, then deregisters and deletes them",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const [instance] = (await motoLaunch(ec2)) as [string];
    const image = (await ec2.createImage({ InstanceId: instance, Name: `img-${RUN}` }))
      .ImageId as string;
    const snapshots = ((await ec2.describeImages({ ImageIds: [image] })).Images?.[0]
      ?.BlockDeviceMappings ?? []).flatMap((m) => m.Ebs?.SnapshotId ? [m.Ebs.SnapshotId] : []);
    equal(snapshots.length > 0, true, "moto gives the image an EBS snapshot");

    const keysDir = await Deno.makeTempDir();
    let answer: "accept" | "decline" = "decline";
    const { client, close, asked } = await connectMotoAsking(
      endpoint,
      REGION,
      { allowDestructive: true, keysDir },
      { inventory: [deregisterAmi, describeImages] },
      () => answer,
    );
    const listed = async () =>
      (await callOk<{ images: { id: string }[] }>(client, "ec2_describe_images", {
        owners: ["self"],
        name_pattern: `img-${RUN}`,
      })).images.map((i) => i.id);
    const snapshotsLeft = async () =>
      (await ec2.describeSnapshots({ OwnerIds: ["self"] })).Snapshots?.filter((s) =>
        snapshots.includes(s.SnapshotId ?? "")
      ).length;
    try {
      await t.step("dry_run checks every call and changes nothing", async () => {
        const out = await callOk(client, "ec2_deregister_ami", {
          image_id: image,
          delete_snapshots: true,
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(asked, []);
        deepEqual(await listed(), [image]);
        equal(await snapshotsLeft(), snapshots.length);
      });

      await t.step("declined: the question names the snapshots, nothing changes", async () => {
        const out = await callOk(client, "ec2_deregister_ami", {
          image_id: image,
          delete_snapshots: true,
        });
        equal(out.confirmation, "declined");
        deepEqual(asked, [
          `Deregister AMI ${image} ("img-${RUN}") and delete its snapshots ${
            snapshots.join(", ")
          } in ${REGION}. This cannot be undone.`,
        ]);
        deepEqual(await listed(), [image]);
        equal(await snapshotsLeft(), snapshots.length);
      });

      await t.step("accepted: the AMI and its snapshots are gone", async () => {
        answer = "accept";
        const out = await callOk(client, "ec2_deregister_ami", {
          image_id: image,
          delete_snapshots: true,
        });
        equal(out.confirmation, "accepted");
        deepEqual(out.deleted_snapshot_ids, snapshots);
        deepEqual(await listed(), []);
        equal(await snapshotsLeft(), 0);
      });

      await t.step("an AMI that is gone is reported, without asking", async () => {
        const before = asked.length;
        const gone = await call(client, "ec2_deregister_ami", { image_id: image });
        match(text(gone), /^InvalidAMIID\.NotFound: /);
        equal(asked.length, before);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
      await ec2.terminateInstances({ InstanceIds: [instance] }).catch(() => {});
    }
  },
);
