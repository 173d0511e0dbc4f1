import { deepEqual, equal, match, ok } from "node:assert/strict";
import { launchFromTemplate } from "../../tools/ec2/launch_from_template.ts";
import { listInstances } from "../../tools/ec2/list_instances.ts";
import { call, callOk, connectMoto, motoEc2, motoImageId, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file runs in ap-southeast-2 with a template named after its run
// id, and finds what it launched by that run id tag.
const REGION = "ap-southeast-2";
const RUN = crypto.randomUUID();

interface Launched {
  instances?: { id: string; state: string; type: string }[];
  wait?: { done: boolean };
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "ec2_launch_from_template launches a template's instances with overrides",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const imageId = await motoImageId(ec2);
    const name = `workers-${RUN}`;
    const template = await ec2.createLaunchTemplate({
      LaunchTemplateName: name,
      LaunchTemplateData: { ImageId: imageId, InstanceType: "t3.small" },
    });
    const templateId = template.LaunchTemplate?.LaunchTemplateId as string;

    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [launchFromTemplate, listInstances],
      waitIntervalMs: 50,
    });
    const listed = async (step: string) =>
      (await callOk<{ instances: { id: string; type: string }[] }>(client, "ec2_list_instances", {
        tags: { run: RUN, step },
      })).instances;
    try {
      await t.step(
        "by name: the template's type, two instances in ec2_list_instances",
        async () => {
          const out = await callOk<Launched>(client, "ec2_launch_from_template", {
            launch_template_name: name,
            count: 2,
            tags: { run: RUN, step: "name" },
          });
          equal(out.instances?.length, 2);
          const rows = await listed("name");
          deepEqual(rows.map((i) => i.id).sort(), out.instances!.map((i) => i.id).sort());
          ok(rows.every((i) => i.type === "t3.small"));
        },
      );

      await t.step("by id with a type override and wait: progress until running", async () => {
        const progress: string[] = [];
        const result = await client.callTool(
          {
            name: "ec2_launch_from_template",
            arguments: {
              launch_template_id: templateId,
              version: "1",
              instance_type: "t3.large",
              tags: { run: RUN, step: "id" },
              wait: true,
            },
          },
          undefined,
          { onprogress: (p) => progress.push(p.message ?? "") },
        );
        const out = result.structuredContent as Launched;
        equal(out.wait?.done, true);
        equal(out.instances?.[0]?.state, "running");
        match(progress.at(-1) ?? "", /^1\/1 running$/);
        deepEqual((await listed("id")).map((i) => i.type), ["t3.large"]);
      });

      await t.step("dry_run launches nothing", async () => {
        const out = await callOk<Launched>(client, "ec2_launch_from_template", {
          launch_template_name: name,
          tags: { run: RUN, step: "dry" },
          dry_run: true,
        });
        equal(out.dry_run?.would_succeed, true);
        deepEqual(await listed("dry"), []);
      });

      await t.step("an unknown template name is a not-found error", async () => {
        const result = await call(client, "ec2_launch_from_template", {
          launch_template_name: `missing-${RUN}`,
        });
        equal(result.isError, true);
        match(text(result), /^InvalidLaunchTemplateName\.NotFoundException: /);
      });
    } finally {
      await close();
    }
  },
);
