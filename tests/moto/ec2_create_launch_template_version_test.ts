import { deepEqual, equal, match } from "node:assert/strict";
import { createLaunchTemplate } from "../../tools/ec2/create_launch_template.ts";
import { createLaunchTemplateVersion } from "../../tools/ec2/create_launch_template_version.ts";
import { describeLaunchTemplate } from "../../tools/ec2/describe_launch_template.ts";
import { listLaunchTemplates } from "../../tools/ec2/list_launch_templates.ts";
import { call, callOk, connectMoto, motoEc2, motoImageId, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in me-south-1 and names its templates after its run id.
const REGION = "me-south-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_create_launch_template_version adds versions and moves the default",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const image = await motoImageId(ec2);
    const keysDir = await Deno.makeTempDir();
    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true, keysDir }, {
      inventory: [
        createLaunchTemplate,
        createLaunchTemplateVersion,
        listLaunchTemplates,
        describeLaunchTemplate,
      ],
    });
    const row = async (id: string) =>
      (await callOk<{ launch_templates: { default_version: number; latest_version: number }[] }>(
        client,
        "ec2_list_launch_templates",
        { launch_template_ids: [id] },
      )).launch_templates[0];
    let id = "";
    try {
      id = String(
        (await callOk(client, "ec2_create_launch_template", {
          name: `v-${RUN}`,
          image_id: image,
          instance_type: "t3.micro",
        })).launch_template_id,
      );

      await t.step("dry_run (with set_default) adds no version and moves nothing", async () => {
        const out = await callOk(client, "ec2_create_launch_template_version", {
          launch_template_id: id,
          source_version: 1,
          instance_type: "t3.small",
          set_default: true,
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        const r = await row(id);
        deepEqual([r?.default_version, r?.latest_version], [1, 1]);
      });

      await t.step("a version from source_version becomes the default", async () => {
        const out = await callOk(client, "ec2_create_launch_template_version", {
          launch_template_id: id,
          source_version: 1,
          instance_type: "t3.small",
          set_default: true,
        });
        equal(out.version, 2);
        equal(out.default_version, 2);
        equal(out.name, `v-${RUN}`);
        const r = await row(id);
        equal(r?.default_version, 2);
        equal(r?.latest_version, 2);
        const detail = await callOk<
          { versions: { number: number; launch_data: Record<string, unknown> }[] }
        >(
          client,
          "ec2_describe_launch_template",
          { launch_template_id: id, versions: ["2"] },
        );
        equal(detail.versions[0]?.launch_data.InstanceType, "t3.small");
        // moto ignores SourceVersion (AWS would copy ImageId from version 1), so no more is checked.
      });

      await t.step("without set_default the default stays", async () => {
        const out = await callOk(client, "ec2_create_launch_template_version", {
          launch_template_id: id,
          image_id: image,
        });
        equal(out.version, 3);
        equal(out.default_version, undefined);
        const r = await row(id);
        equal(r?.default_version, 2);
        equal(r?.latest_version, 3);
      });

      await t.step("an unknown template is a not-found error", async () => {
        const missing = await call(client, "ec2_create_launch_template_version", {
          launch_template_id: "lt-0123456789abcdef0",
          image_id: image,
        });
        equal(missing.isError, true);
        match(text(missing), /NotFound/);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
      if (id) await ec2.deleteLaunchTemplate({ LaunchTemplateId: id }).catch(() => {});
    }
  },
);
