import { deepEqual, equal, match } from "node:assert/strict";
import { createAmi } from "../../tools/ec2/create_ami.ts";
import { deregisterAmi } from "../../tools/ec2/deregister_ami.ts";
import { describeImages } from "../../tools/ec2/describe_images.ts";
import { call, callOk, connectMoto, motoEc2, motoLaunch, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in me-south-1 and names its images after its run id.
const REGION = "me-south-1";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  name?: string;
  description?: string;
  state?: string;
}

motoTest("ec2_create_ami images an instance; the read side lists the AMI", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const [instance] = (await motoLaunch(ec2)) as [string];
  const keysDir = await Deno.makeTempDir();
  const { client, close } = await connectMoto(endpoint, REGION, {
    allowDestructive: true,
    waiveConfirmation: true,
    keysDir,
  }, { inventory: [createAmi, describeImages, deregisterAmi] });
  const mine = async () =>
    (await callOk<{ images: Row[] }>(client, "ec2_describe_images", {
      owners: ["self"],
      name_pattern: `*-${RUN}`,
    })).images;
  try {
    await t.step("dry_run (with tags for image and snapshots) creates nothing", async () => {
      const out = await callOk(client, "ec2_create_ami", {
        instance_id: instance,
        name: `dry-${RUN}`,
        no_reboot: true,
        tags: { run: RUN },
        dry_run: true,
      });
      equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
      deepEqual(await mine(), []);
    });

    let image = "";
    await t.step("create returns the image id and its state", async () => {
      // Without tags: moto cannot tag snapshots on CreateImage (NotImplementedError, HTTP 500).
      const out = await callOk(client, "ec2_create_ami", {
        instance_id: instance,
        name: `golden-${RUN}`,
        description: "golden image",
        no_reboot: true,
      });
      image = String(out.image_id);
      match(image, /^ami-/);
      equal(out.state, "available"); // moto makes images available at once; AWS says pending
    });

    await t.step("the read side lists it with its name and description", async () => {
      deepEqual(
        (await mine()).map(({ id, name, description, state }) => ({
          id,
          name,
          description,
          state,
        })),
        [{ id: image, name: `golden-${RUN}`, description: "golden image", state: "available" }],
      );
    });

    await t.step("no_reboot must be given explicitly", async () => {
      const bad = await call(client, "ec2_create_ami", {
        instance_id: instance,
        name: `again-${RUN}`,
      });
      match(text(bad), /^InvalidInput: no_reboot: /);
    });

    await t.step("deregistering removes it from the read side", async () => {
      const out = await callOk(client, "ec2_deregister_ami", {
        image_id: image,
        delete_snapshots: true,
      });
      equal(out.deregistered_image_id, image);
      deepEqual(await mine(), []);
    });
  } finally {
    await close();
    await Deno.remove(keysDir, { recursive: true });
    await ec2.terminateInstances({ InstanceIds: [instance] }).catch(() => {});
  }
});
