import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, everyResourceTagged, stubAws, text } from "../../tests/_helpers.ts";
import { createLaunchTemplate } from "./create_launch_template.ts";

const created = {
  LaunchTemplate: {
    LaunchTemplateId: "lt-0123456789abcdef0",
    LaunchTemplateName: "web",
    DefaultVersionNumber: 1,
    LatestVersionNumber: 1,
  },
};

Deno.test("ec2_create_launch_template turns snake_case launch data into LaunchTemplateData", async () => {
  const aws = stubAws({
    ec2: {
      createLaunchTemplate: () => created,
      describeTags: everyResourceTagged("owner", "agent"),
    },
  });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [createLaunchTemplate] });
  try {
    const out = await callOk(client, "ec2_create_launch_template", {
      name: "web",
      version_description: "first",
      image_id: "ami-0123456789abcdef0",
      instance_type: "t3.micro",
      key_name: "deploy",
      security_group_ids: ["sg-0123456789abcdef0"],
      user_data: "#!/bin/sh\necho héllo",
      iam_instance_profile: "web-role",
      instance_tags: { app: "web" },
      tags: { team: "blue" },
    });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      launch_template_id: "lt-0123456789abcdef0",
      name: "web",
      version: 1,
    });
    const owner = { Key: "owner", Value: "agent" };
    // --require-tag: the resource launched from is checked first (see tests/moto/require_tag_sources_test.ts).
    equal(aws.calls[0]?.method, "describeTags");
    deepEqual(aws.calls.slice(1).map((c) => [c.method, c.input]), [["createLaunchTemplate", {
      LaunchTemplateName: "web",
      VersionDescription: "first",
      LaunchTemplateData: {
        ImageId: "ami-0123456789abcdef0",
        InstanceType: "t3.micro",
        KeyName: "deploy",
        SecurityGroupIds: ["sg-0123456789abcdef0"],
        UserData: "IyEvYmluL3NoCmVjaG8gaMOpbGxv",
        IamInstanceProfile: { Name: "web-role" },
        MetadataOptions: { HttpTokens: "required" },
        TagSpecifications: [{
          ResourceType: "instance",
          Tags: [{ Key: "app", Value: "web" }, owner],
        }],
      },
      TagSpecifications: [{
        ResourceType: "launch-template",
        Tags: [{ Key: "team", Value: "blue" }, owner],
      }],
      DryRun: false,
    }]]);
    equal(
      new TextDecoder().decode(
        Uint8Array.from(atob("IyEvYmluL3NoCmVjaG8gaMOpbGxv"), (c) => c.charCodeAt(0)),
      ),
      "#!/bin/sh\necho héllo",
    );
  } finally {
    await close();
  }
});

Deno.test("ec2_create_launch_template takes a profile ARN, optional tokens, and sends no empty tags", async () => {
  const aws = stubAws({ ec2: { createLaunchTemplate: () => created } });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [createLaunchTemplate],
  });
  try {
    await callOk(client, "ec2_create_launch_template", {
      name: "web",
      iam_instance_profile: "arn:aws:iam::123456789012:instance-profile/web",
      http_tokens: "optional",
      dry_run: true,
    });
    deepEqual(aws.calls[0]?.input, {
      LaunchTemplateName: "web",
      LaunchTemplateData: {
        IamInstanceProfile: { Arn: "arn:aws:iam::123456789012:instance-profile/web" },
        MetadataOptions: { HttpTokens: "optional" },
      },
      DryRun: true,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_create_launch_template names bad fields", async () => {
  const { client, close } = await connect({ allowWrite: true }, {
    aws: stubAws({}),
    inventory: [createLaunchTemplate],
  });
  try {
    const bad = await call(client, "ec2_create_launch_template", {
      name: "a b",
      image_id: "ami-1",
      instance_type: "huge",
      http_tokens: "maybe",
      security_group_ids: ["default"],
    });
    equal(bad.isError, true);
    match(text(bad), /name: expected 3-128 characters/);
    match(text(bad), /image_id: expected an id like ami-0123456789abcdef0/);
    match(text(bad), /instance_type: expected an instance type like t3\.micro/);
    match(text(bad), /http_tokens: Invalid option/);
    match(text(bad), /security_group_ids\.0: expected an id like sg-/);
  } finally {
    await close();
  }
});
