import { deepEqual, equal, match } from "node:assert/strict";
import { ebsTools } from "../../tools/ebs/mod.ts";
import { ec2Tools } from "../../tools/ec2/mod.ts";
import { call, connectMoto, motoEc2, motoImageId, motoTest, tagSpecs, text } from "../_helpers.ts";

// --require-tag on the resources a mutation reads from, with the real tools on moto. moto's
// state is global: this file owns af-south-1 and tags what it makes with its run id.
const REGION = "af-south-1";
const RUN = crypto.randomUUID();
const RULE = { key: "owner", value: "agent" };

motoTest(
  "--require-tag refuses to read from untagged snapshots, templates and AMIs",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const image = await motoImageId(ec2); // Amazon's, untagged
    const volume = (await ec2.createVolume({ AvailabilityZone: `${REGION}a`, Size: 1 }))
      .VolumeId as string;
    const snapshot = async (tags: Record<string, string>) =>
      (await ec2.createSnapshot({
        VolumeId: volume,
        TagSpecifications: tagSpecs("snapshot", { run: RUN, ...tags }),
      })).SnapshotId as string;
    const untaggedSnapshot = await snapshot({});
    const taggedSnapshot = await snapshot({ owner: "agent" });
    const templateName = `untagged-${RUN}`;
    const template = (await ec2.createLaunchTemplate({
      LaunchTemplateName: templateName,
      LaunchTemplateData: { ImageId: image, InstanceType: "t3.micro" },
    })).LaunchTemplate?.LaunchTemplateId as string;
    const ours = async () => {
      const volumes = await ec2.describeVolumes({ Filters: [{ Name: "tag:run", Values: [RUN] }] });
      const instances = await ec2.describeInstances({
        Filters: [{ Name: "tag:run", Values: [RUN] }],
      });
      return {
        volumes: (volumes.Volumes ?? []).length,
        instances: (instances.Reservations ?? []).flatMap((r) => r.Instances ?? []).length,
      };
    };
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowWrite: true,
      requireTag: RULE,
    }, { inventory: [...ebsTools, ...ec2Tools] });
    const refused = async (name: string, args: Record<string, unknown>, id: string) => {
      for (const dry_run of [true, false]) {
        const result = await call(client, name, { ...args, dry_run });
        equal(result.isError, true, `${name} ${text(result)}`);
        match(
          text(result),
          new RegExp(`^RequiredTagMissing: refused: ${id} does not carry owner=agent`),
        );
      }
    };
    try {
      await t.step("restoring or creating a volume from an untagged snapshot", async () => {
        const volumeArgs = { zone: `${REGION}a`, tags: { run: RUN } };
        await refused(
          "ebs_restore_volume_from_snapshot",
          { snapshot_id: untaggedSnapshot, ...volumeArgs },
          untaggedSnapshot,
        );
        await refused(
          "ebs_create_volume",
          { snapshot_id: untaggedSnapshot, ...volumeArgs },
          untaggedSnapshot,
        );
        deepEqual(await ours(), { volumes: 0, instances: 0 });
        // The same call from a snapshot carrying the tag goes through.
        const ok = await call(client, "ebs_restore_volume_from_snapshot", {
          snapshot_id: taggedSnapshot,
          ...volumeArgs,
        });
        equal(ok.isError, undefined, text(ok));
        deepEqual(await ours(), { volumes: 1, instances: 0 });
      });

      await t.step("launching from an untagged launch template, by id or by name", async () => {
        await refused("ec2_launch_from_template", {
          launch_template_id: template,
          tags: { run: RUN },
        }, template);
        await refused(
          "ec2_launch_from_template",
          { launch_template_name: templateName, tags: { run: RUN } },
          templateName,
        );
        deepEqual(await ours(), { volumes: 1, instances: 0 });
      });

      await t.step("launching or templating an untagged AMI", async () => {
        const launch = { image_id: image, instance_type: "t3.micro", tags: { run: RUN } };
        await refused("ec2_create_instance", launch, image);
        await refused("ec2_create_spot_instance", launch, image);
        await refused(
          "ec2_create_launch_template",
          { name: `lt-${RUN}`, image_id: image, instance_type: "t3.micro" },
          image,
        );
        deepEqual(await ours(), { volumes: 1, instances: 0 });
        const templates = await ec2.describeLaunchTemplates({
          Filters: [{ Name: "launch-template-name", Values: [`lt-${RUN}`] }],
        }).catch(() => ({ LaunchTemplates: [] }));
        deepEqual(templates.LaunchTemplates ?? [], []);
      });
    } finally {
      await close();
    }
  },
);
