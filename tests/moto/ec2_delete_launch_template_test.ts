import { deepEqual, equal, match } from "node:assert/strict";
import { deleteLaunchTemplate } from "../../tools/ec2/delete_launch_template.ts";
import { listLaunchTemplates } from "../../tools/ec2/list_launch_templates.ts";
import {
  call,
  callOk,
  connectMotoAsking,
  motoEc2,
  motoImageId,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// moto's state is global: this file works in sa-east-1 and names its templates after its run id.
const REGION = "sa-east-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_delete_launch_template names the template and its versions before deleting",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const image = await motoImageId(ec2);
    const created = await ec2.createLaunchTemplate({
      LaunchTemplateName: `del-${RUN}`,
      LaunchTemplateData: { ImageId: image },
      TagSpecifications: tagSpecs("launch-template", { run: RUN }),
    });
    const id = created.LaunchTemplate?.LaunchTemplateId as string;
    await ec2.createLaunchTemplateVersion({
      LaunchTemplateId: id,
      LaunchTemplateData: { InstanceType: "t3.small" },
    });

    const keysDir = await Deno.makeTempDir();
    let answer: "accept" | "decline" = "decline";
    const { client, close, asked } = await connectMotoAsking(
      endpoint,
      REGION,
      { allowDestructive: true, keysDir },
      { inventory: [deleteLaunchTemplate, listLaunchTemplates] },
      () => answer,
    );
    const ids = async () =>
      (await callOk<{ launch_templates: { id: string }[] }>(client, "ec2_list_launch_templates", {
        tags: { run: RUN },
      })).launch_templates.map((r) => r.id);
    try {
      await t.step("dry_run deletes nothing and asks nothing", async () => {
        const out = await callOk(client, "ec2_delete_launch_template", {
          launch_template_id: id,
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(asked, []);
        deepEqual(await ids(), [id]);
      });

      await t.step("declined: the question counts the versions, nothing is deleted", async () => {
        const out = await callOk(client, "ec2_delete_launch_template", { launch_template_id: id });
        equal(out.confirmation, "declined");
        deepEqual(asked, [
          `Delete launch template ${id} ("del-${RUN}", 2 versions) in ${REGION}. This cannot be undone.`,
        ]);
        deepEqual(await ids(), [id]);
      });

      await t.step("accepted: the read side no longer lists it", async () => {
        answer = "accept";
        const out = await callOk(client, "ec2_delete_launch_template", { launch_template_id: id });
        equal(out.confirmation, "accepted");
        equal(out.name, `del-${RUN}`);
        deepEqual(await ids(), []);
      });

      await t.step("a template that is gone is reported, without asking", async () => {
        const before = asked.length;
        const gone = await call(client, "ec2_delete_launch_template", { launch_template_id: id });
        match(text(gone), /NotFound/);
        equal(asked.length, before);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
      await ec2.deleteLaunchTemplate({ LaunchTemplateId: id }).catch(() => {});
    }
  },
);
