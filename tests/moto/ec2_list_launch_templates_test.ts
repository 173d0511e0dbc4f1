import { deepEqual, equal, match, ok } from "node:assert/strict";
import { listLaunchTemplates } from "../../tools/ec2/list_launch_templates.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file works in eu-central-1, names and tags its templates with its
// own run id and never assumes the region holds nothing else.
const REGION = "eu-central-1";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  name: string;
  default_version: number;
  latest_version: number;
  created: string;
  created_by: string;
  tags?: Record<string, string>;
}
interface Page {
  launch_templates: Row[];
  next_token?: string;
  region: string;
}

motoTest("ec2_list_launch_templates lists, filters and pages templates", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const ids: string[] = [];
  for (let n = 0; n < 3; n++) {
    const tags = n === 1 ? { run: RUN, team: "blue" } : { run: RUN };
    const out = await ec2.createLaunchTemplate({
      LaunchTemplateName: `${RUN}-${n}`,
      LaunchTemplateData: { InstanceType: "t3.micro" },
      TagSpecifications: tagSpecs("launch-template", tags),
    });
    ids.push(out.LaunchTemplate?.LaunchTemplateId as string);
  }
  await ec2.createLaunchTemplateVersion({
    LaunchTemplateId: ids[1],
    LaunchTemplateData: { InstanceType: "t3.small" },
  });

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [listLaunchTemplates],
  });
  const list = (args: Record<string, unknown>) =>
    callOk<Page>(client, "ec2_list_launch_templates", { tags: { run: RUN }, ...args });
  try {
    await t.step("a tag filter returns this run's templates as compact rows", async () => {
      const page = await list({});
      equal(page.region, REGION);
      const rows = [...page.launch_templates].sort((a, b) => a.name < b.name ? -1 : 1);
      deepEqual(
        rows.map(({ created: _, ...row }) => row),
        [0, 1, 2].map((n) => ({
          id: ids[n],
          name: `${RUN}-${n}`,
          default_version: 1,
          latest_version: n === 1 ? 2 : 1,
          created_by: "arn:aws:iam::123456789012:root",
          tags: n === 1 ? { run: RUN, team: "blue" } : { run: RUN },
        })),
      );
      ok(rows.every((r) => Math.abs(Date.parse(r.created) - Date.now()) < 10 * 60_000));
    });

    await t.step("tags combine with AND", async () => {
      const page = await list({ tags: { run: RUN, team: "blue" } });
      deepEqual(page.launch_templates.map((r) => r.id), [ids[1]]);
    });

    await t.step("ids and names select exactly those templates", async () => {
      const byId = await list({ launch_template_ids: [ids[2]] });
      deepEqual(byId.launch_templates.map((r) => r.name), [`${RUN}-2`]);
      const byName = await list({ launch_template_names: [`${RUN}-0`] });
      deepEqual(byName.launch_templates.map((r) => r.id), [ids[0]]);
    });

    await t.step("max_results 2 pages through all three once", async () => {
      const first = await list({ max_results: 2 });
      equal(first.launch_templates.length, 2);
      ok(first.next_token);
      const second = await list({ max_results: 2, next_token: first.next_token });
      equal(second.next_token, undefined);
      const seen = [...first.launch_templates, ...second.launch_templates].map((r) => r.id);
      deepEqual(seen.sort(), [...ids].sort());
    });

    await t.step("an unknown template name is a not-found error", async () => {
      const result = await call(client, "ec2_list_launch_templates", {
        launch_template_names: [`${RUN}-missing`],
      });
      equal(result.isError, true);
      match(text(result), /^InvalidLaunchTemplateName\.NotFoundException: /);
    });
  } finally {
    await close();
  }
});
