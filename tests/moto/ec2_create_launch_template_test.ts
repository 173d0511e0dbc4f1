import { deepEqual, equal, match } from "node:assert/strict";
import { createLaunchTemplate } from "../../tools/ec2/create_launch_template.ts";
import { deleteLaunchTemplate } from "../../tools/ec2/delete_launch_template.ts";
import { describeLaunchTemplate } from "../../tools/ec2/describe_launch_template.ts";
import { listLaunchTemplates } from "../../tools/ec2/list_launch_templates.ts";
import { call, callOk, connectMoto, motoEc2, motoImageId, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in sa-east-1 and names its templates after its run id.
const REGION = "sa-east-1";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  name: string;
  default_version: number;
  latest_version: number;
  tags?: Record<string, string>;
}

motoTest(
  "ec2_create_launch_template creates a template the read side describes",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const image = await motoImageId(ec2);
    const keysDir = await Deno.makeTempDir();
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowDestructive: true,
      waiveConfirmation: true,
      keysDir,
    }, {
      inventory: [
        createLaunchTemplate,
        listLaunchTemplates,
        describeLaunchTemplate,
        deleteLaunchTemplate,
      ],
    });
    const mine = async () =>
      (await callOk<{ launch_templates: Row[] }>(client, "ec2_list_launch_templates", {
        tags: { run: RUN },
      })).launch_templates;
    try {
      await t.step("dry_run answers would-succeed and creates nothing", async () => {
        const out = await callOk(client, "ec2_create_launch_template", {
          name: `dry-${RUN}`,
          image_id: image,
          tags: { run: RUN },
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(await mine(), []);
      });

      let id = "";
      await t.step("create returns id, name and version 1", async () => {
        const out = await callOk(client, "ec2_create_launch_template", {
          name: `web-${RUN}`,
          version_description: "first",
          image_id: image,
          instance_type: "t3.micro",
          user_data: "#!/bin/sh\necho hello",
          instance_tags: { app: "web" },
          tags: { run: RUN },
        });
        id = String(out.launch_template_id);
        match(id, /^lt-/);
        equal(out.name, `web-${RUN}`);
        equal(out.version, 1);
      });

      await t.step("the read side lists it and shows its launch data", async () => {
        deepEqual(
          (await mine()).map(({ id, name, default_version, latest_version, tags }) => ({
            id,
            name,
            default_version,
            latest_version,
            tags,
          })),
          [{ id, name: `web-${RUN}`, default_version: 1, latest_version: 1, tags: { run: RUN } }],
        );
        const detail = await callOk<
          { versions: { description?: string; launch_data: Record<string, unknown> }[] }
        >(
          client,
          "ec2_describe_launch_template",
          { launch_template_id: id, versions: ["1"] },
        );
        const version = detail.versions[0]!;
        equal(version.description, "first");
        const data = version.launch_data as {
          ImageId: string;
          InstanceType: string;
          UserData: string;
          MetadataOptions: { HttpTokens: string };
          TagSpecifications: { ResourceType: string; Tags: unknown }[];
        };
        equal(data.ImageId, image);
        equal(data.InstanceType, "t3.micro");
        equal(data.UserData, "#!/bin/sh\necho hello");
        deepEqual(data.MetadataOptions, { HttpTokens: "required" });
        // moto also copies the template's own tag specification into the launch data.
        deepEqual(
          data.TagSpecifications.find((s) => s.ResourceType === "instance")?.Tags,
          [{ Key: "app", Value: "web" }],
        );
      });

      await t.step("the same name again fails and changes nothing", async () => {
        const dup = await call(client, "ec2_create_launch_template", { name: `web-${RUN}` });
        equal(dup.isError, true);
        match(text(dup), /AlreadyExists/);
        equal((await mine()).length, 1);
      });

      await t.step("delete removes it from the read side", async () => {
        const out = await callOk(client, "ec2_delete_launch_template", { launch_template_id: id });
        equal(out.deleted_launch_template_id, id);
        deepEqual(await mine(), []);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
    }
  },
);
