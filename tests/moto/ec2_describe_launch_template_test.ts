import { deepEqual, equal, match } from "node:assert/strict";
import { describeLaunchTemplate } from "../../tools/ec2/describe_launch_template.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in eu-central-2 and names its templates after its own
// run id, so it never depends on what else the region holds.
const REGION = "eu-central-2";
const RUN = crypto.randomUUID();
const SCRIPT = "#!/bin/bash\nexport DB_PASSWORD=hunter2\necho ready\n";

interface Version {
  number: number;
  description?: string;
  is_default: boolean;
  launch_data?: Record<string, unknown>;
}
interface Out {
  id: string;
  name: string;
  default_version: number;
  latest_version: number;
  versions: Version[];
  masked_values: number;
  region: string;
}

motoTest(
  "ec2_describe_launch_template shows versions with user data masked",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const name = `${RUN}-web`;
    const created = await ec2.createLaunchTemplate({
      LaunchTemplateName: name,
      VersionDescription: "first",
      LaunchTemplateData: {
        ImageId: "ami-0123456789abcdef0",
        InstanceType: "t3.micro",
        UserData: btoa(SCRIPT),
      },
    });
    const id = created.LaunchTemplate?.LaunchTemplateId as string;
    await ec2.createLaunchTemplateVersion({
      LaunchTemplateId: id,
      VersionDescription: "second",
      LaunchTemplateData: { InstanceType: "t3.small" },
    });

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeLaunchTemplate],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<Out>(client, "ec2_describe_launch_template", args);
    try {
      await t.step("by default it shows $Default and $Latest, user data masked", async () => {
        const out = await describe({ launch_template_id: id });
        equal(out.region, REGION);
        deepEqual([out.id, out.name, out.default_version, out.latest_version], [id, name, 1, 2]);
        deepEqual(out.versions.map((v) => [v.number, v.description, v.is_default]), [
          [1, "first", true],
          [2, "second", false],
        ]);
        deepEqual(out.versions[0]?.launch_data, {
          ImageId: "ami-0123456789abcdef0",
          InstanceType: "t3.micro",
          UserData: "#!/bin/bash\nexport DB_PASSWORD=***MASKED***\necho ready\n",
        });
        deepEqual(out.versions[1]?.launch_data, { InstanceType: "t3.small" });
        equal(out.masked_values, 1);
      });

      await t.step("once the latest is the default, it shows that version once", async () => {
        await ec2.modifyLaunchTemplate({ LaunchTemplateId: id, DefaultVersion: "2" });
        const out = await describe({ launch_template_name: name });
        deepEqual(out.versions.map((v) => [v.number, v.is_default]), [[2, true]]);
        equal(out.masked_values, 0);
      });

      await t.step("explicit versions are looked up by number", async () => {
        const out = await describe({ launch_template_name: name, versions: ["1"] });
        deepEqual(out.versions.map((v) => [v.number, v.is_default]), [[1, false]]);
        equal(out.masked_values, 1);
      });

      await t.step(
        "an unknown template id and an unknown version are not-found errors",
        async () => {
          const missing = await call(client, "ec2_describe_launch_template", {
            launch_template_id: "lt-0123456789abcdef0",
          });
          equal(missing.isError, true);
          match(text(missing), /^InvalidLaunchTemplateId\.NotFound: .*lt-0123456789abcdef0/);
          const version = await call(client, "ec2_describe_launch_template", {
            launch_template_id: id,
            versions: ["7"],
          });
          equal(version.isError, true);
          match(text(version), /^InvalidLaunchTemplateId\.VersionNotFound: .*version 7/);
        },
      );
    } finally {
      await close();
    }
  },
);
