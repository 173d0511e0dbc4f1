import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, everyResourceTagged, stubAws, text } from "../../tests/_helpers.ts";
import { createLaunchTemplateVersion } from "./create_launch_template_version.ts";

const LT = "lt-0123456789abcdef0";
const dryRunError = (name: string) =>
  Object.assign(new Error(`${name} answer`), { name, $fault: "client" });

function ltAws(modify: (input: { DryRun?: boolean }) => unknown = () => ({
  LaunchTemplate: { DefaultVersionNumber: 3 },
})) {
  return stubAws({
    ec2: {
      createLaunchTemplateVersion: (input: { DryRun?: boolean }) => {
        if (input.DryRun) throw dryRunError("DryRunOperation");
        return {
          LaunchTemplateVersion: {
            LaunchTemplateId: LT,
            LaunchTemplateName: "web",
            VersionNumber: 3,
          },
        };
      },
      describeLaunchTemplates: () => ({
        LaunchTemplates: [{ LaunchTemplateId: LT, DefaultVersionNumber: 2 }],
      }),
      modifyLaunchTemplate: modify,
      describeTags: everyResourceTagged("owner", "agent"),
    },
  });
}

Deno.test("ec2_create_launch_template_version based on a source version sends only the given fields", async () => {
  const aws = ltAws();
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createLaunchTemplateVersion] });
  try {
    const out = await callOk(client, "ec2_create_launch_template_version", {
      launch_template_id: LT,
      source_version: 2,
      instance_type: "t3.small",
      set_default: true,
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      launch_template_id: LT,
      name: "web",
      version: 3,
      default_version: 3,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeTags", { Filters: [{ Name: "resource-id", Values: [LT] }], MaxResults: 1000 }],
      ["createLaunchTemplateVersion", {
        LaunchTemplateId: LT,
        SourceVersion: "2",
        LaunchTemplateData: { InstanceType: "t3.small" },
        DryRun: false,
      }],
      ["modifyLaunchTemplate", { LaunchTemplateId: LT, DefaultVersion: "3", DryRun: false }],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_create_launch_template_version from scratch gets IMDSv2 and the required tag on instances", async () => {
  const aws = ltAws();
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createLaunchTemplateVersion] });
  try {
    const out = await callOk(client, "ec2_create_launch_template_version", {
      launch_template_id: LT,
      image_id: "ami-0123456789abcdef0",
    });
    equal(out.default_version, undefined);
    deepEqual(aws.calls.at(-1)?.input, {
      LaunchTemplateId: LT,
      LaunchTemplateData: {
        ImageId: "ami-0123456789abcdef0",
        MetadataOptions: { HttpTokens: "required" },
        TagSpecifications: [{ ResourceType: "instance", Tags: [{ Key: "owner", Value: "agent" }] }],
      },
      DryRun: false,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_launch_template_version dry run with set_default checks both calls", async () => {
  const aws = ltAws((input) => {
    if (input.DryRun) throw dryRunError("UnauthorizedOperation");
    return {};
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createLaunchTemplateVersion],
  });
  try {
    const out = await callOk(client, "ec2_create_launch_template_version", {
      launch_template_id: LT,
      source_version: 1,
      set_default: true,
      dry_run: true,
    });
    deepEqual(out.dry_run, {
      would_succeed: false,
      message: "UnauthorizedOperation: UnauthorizedOperation answer",
      missing_permissions: ["ec2:ModifyLaunchTemplate"],
      tool_permissions: [
        "ec2:CreateLaunchTemplateVersion",
        "ec2:ModifyLaunchTemplate",
        "ec2:DescribeLaunchTemplates",
        "ec2:DescribeTags",
      ],
    });
    deepEqual(aws.calls.map((c) => c.method), [
      "createLaunchTemplateVersion",
      "describeLaunchTemplates",
      "modifyLaunchTemplate",
    ]);
    deepEqual(aws.calls[2]?.input, { LaunchTemplateId: LT, DefaultVersion: "2", DryRun: true });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_launch_template_version says the version exists when making it default fails", async () => {
  const aws = ltAws(() => {
    throw dryRunError("UnauthorizedOperation");
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createLaunchTemplateVersion],
  });
  try {
    const failed = await call(client, "ec2_create_launch_template_version", {
      launch_template_id: LT,
      source_version: 1,
      set_default: true,
    });
    equal(failed.isError, true);
    match(
      text(failed),
      /^UnauthorizedOperation: version 3 of lt-0123456789abcdef0 was created, but making it the default failed/,
    );
    const bad = await call(client, "ec2_create_launch_template_version", {
      launch_template_id: LT,
      source_version: 0,
    });
    match(text(bad), /source_version: Too small/);
  } finally {
    await close();
  }
});
