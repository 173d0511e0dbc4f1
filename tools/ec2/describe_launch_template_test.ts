import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeLaunchTemplate } from "./describe_launch_template.ts";

const LT = "lt-0123456789abcdef0";
const SCRIPT = "#!/bin/bash\nexport DB_PASSWORD=hunter2\necho ready\n";
const TEMPLATE = {
  LaunchTemplateId: LT,
  LaunchTemplateName: "web",
  CreateTime: new Date("2026-01-02T03:04:05Z"),
  CreatedBy: "arn:aws:iam::123456789012:user/alice",
  DefaultVersionNumber: 2,
  LatestVersionNumber: 2,
  Tags: [{ Key: "team", Value: "blue" }],
};
const V2 = {
  LaunchTemplateId: LT,
  LaunchTemplateName: "web",
  VersionNumber: 2,
  VersionDescription: "nginx",
  CreateTime: new Date("2026-01-03T00:00:00Z"),
  CreatedBy: "arn:aws:iam::123456789012:user/alice",
  DefaultVersion: true,
  LaunchTemplateData: {
    ImageId: "ami-0123456789abcdef0",
    InstanceType: "t3.micro",
    UserData: btoa(SCRIPT),
    SecurityGroupIds: [],
    BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 8, KmsKeyId: null } }],
  },
};

function stub(versions: unknown[] = [V2, V2], templates: unknown[] = [TEMPLATE]) {
  return stubAws({
    ec2: {
      describeLaunchTemplates: () => ({ LaunchTemplates: templates }),
      describeLaunchTemplateVersions: () => ({ LaunchTemplateVersions: versions }),
    },
  });
}

Deno.test("ec2_describe_launch_template asks for $Default and $Latest and shows a shared version once", async () => {
  const aws = stub();
  const { client, close } = await connect({}, { aws, inventory: [describeLaunchTemplate] });
  try {
    const out = await callOk(client, "ec2_describe_launch_template", {
      launch_template_id: LT,
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeLaunchTemplates", { LaunchTemplateIds: [LT] }],
      ["describeLaunchTemplateVersions", {
        LaunchTemplateId: LT,
        Versions: ["$Default", "$Latest"],
      }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      id: LT,
      name: "web",
      default_version: 2,
      latest_version: 2,
      created: "2026-01-02T03:04:05.000Z",
      created_by: "arn:aws:iam::123456789012:user/alice",
      tags: { team: "blue" },
      versions: [{
        number: 2,
        description: "nginx",
        is_default: true,
        created: "2026-01-03T00:00:00.000Z",
        created_by: "arn:aws:iam::123456789012:user/alice",
        launch_data: {
          ImageId: "ami-0123456789abcdef0",
          InstanceType: "t3.micro",
          UserData: "#!/bin/bash\nexport DB_PASSWORD=***MASKED***\necho ready\n",
          BlockDeviceMappings: [{ DeviceName: "/dev/xvda", Ebs: { VolumeSize: 8 } }],
        },
      }],
      masked_values: 1,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_launch_template takes a name and explicit versions, deduplicated", async () => {
  const v1 = { ...V2, VersionNumber: 1, DefaultVersion: false, LaunchTemplateData: undefined };
  const aws = stub([v1, V2]);
  const { client, close } = await connect({}, { aws, inventory: [describeLaunchTemplate] });
  try {
    const out = await callOk<{ versions: { number: number; is_default: boolean }[] }>(
      client,
      "ec2_describe_launch_template",
      { launch_template_name: "web", versions: ["1", "$Latest", "1"] },
    );
    deepEqual(aws.calls.map((c) => c.input), [
      { LaunchTemplateNames: ["web"] },
      { LaunchTemplateName: "web", Versions: ["1", "$Latest"] },
    ]);
    deepEqual(out.versions.map((v) => [v.number, v.is_default]), [[1, false], [2, true]]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_launch_template shows user data as is with --reveal-secrets", async () => {
  const { client, close } = await connect({ revealSecrets: true }, {
    aws: stub(),
    inventory: [describeLaunchTemplate],
  });
  try {
    const out = await callOk<
      { versions: { launch_data: { UserData: string } }[]; masked_values: number }
    >(client, "ec2_describe_launch_template", { launch_template_id: LT });
    equal(out.versions[0]?.launch_data.UserData, SCRIPT);
    equal(out.masked_values, 0);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_launch_template leaves out trailing versions over the byte bound", async () => {
  const big = (n: number) => ({
    ...V2,
    VersionNumber: n,
    LaunchTemplateData: { UserData: btoa(`echo ${"x".repeat(25_000)}`) },
  });
  const { client, close } = await connect({}, {
    aws: stub([big(1), big(2), big(3)]),
    inventory: [describeLaunchTemplate],
  });
  try {
    const out = await callOk<{ versions: { number: number }[]; omitted: number }>(
      client,
      "ec2_describe_launch_template",
      { launch_template_id: LT, versions: ["1", "2", "3"] },
    );
    deepEqual(out.versions.map((v) => v.number), [1]);
    equal(out.omitted, 2);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_launch_template reports an unknown template that AWS lists as empty", async () => {
  const { client, close } = await connect({}, {
    aws: stub([], []),
    inventory: [describeLaunchTemplate],
  });
  try {
    const result = await call(client, "ec2_describe_launch_template", {
      launch_template_id: LT,
      region: "eu-west-1",
    });
    equal(result.isError, true);
    match(
      text(result),
      /^InvalidLaunchTemplateId\.NotFound: the launch template lt-0123456789abcdef0 does not exist — check .* in eu-west-1/,
    );
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_launch_template wants exactly one of id and name, and valid versions", async () => {
  const aws = stub();
  const { client, close } = await connect({}, { aws, inventory: [describeLaunchTemplate] });
  try {
    for (const args of [{}, { launch_template_id: LT, launch_template_name: "web" }]) {
      const result = await call(client, "ec2_describe_launch_template", args);
      equal(result.isError, true);
      match(
        text(result),
        /^InvalidInput: launch_template_id, launch_template_name: pass exactly one of them/,
      );
    }
    const bad = await call(client, "ec2_describe_launch_template", {
      launch_template_id: LT,
      versions: ["latest", "0"],
    });
    match(text(bad), /versions\.0: expected \$Default, \$Latest or a version number/);
    match(text(bad), /versions\.1: expected/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
