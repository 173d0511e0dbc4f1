import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listLaunchTemplates } from "./list_launch_templates.ts";

const LT = "lt-0123456789abcdef0";
const TEMPLATE = {
  LaunchTemplateId: LT,
  LaunchTemplateName: "web",
  CreateTime: new Date("2026-01-02T03:04:05Z"),
  CreatedBy: "arn:aws:iam::123456789012:user/alice",
  DefaultVersionNumber: 1,
  LatestVersionNumber: 3,
  Tags: [{ Key: "team", Value: "blue" }],
};

interface Out {
  launch_templates: Record<string, unknown>[];
  next_token?: string;
}

Deno.test("ec2_list_launch_templates sends tag filters with MaxResults and returns compact rows", async () => {
  const aws = stubAws({
    ec2: { describeLaunchTemplates: () => ({ LaunchTemplates: [TEMPLATE] }) },
  });
  const { client, close } = await connect({}, { aws, inventory: [listLaunchTemplates] });
  try {
    const out = await callOk<Out>(client, "ec2_list_launch_templates", {
      tags: { team: "blue" },
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeLaunchTemplates", {
        Filters: [{ Name: "tag:team", Values: ["blue"] }],
        MaxResults: 200,
      }],
    ]);
    deepEqual(out.launch_templates, [{
      id: LT,
      name: "web",
      default_version: 1,
      latest_version: 3,
      created: "2026-01-02T03:04:05.000Z",
      created_by: "arn:aws:iam::123456789012:user/alice",
      tags: { team: "blue" },
    }]);
  } finally {
    await close();
  }
});

Deno.test("ec2_list_launch_templates looks up ids and names without MaxResults and follows NextToken", async () => {
  const pages: Record<string, unknown> = {
    "": { LaunchTemplates: [TEMPLATE], NextToken: "t2" },
    t2: { LaunchTemplates: [{ LaunchTemplateId: "lt-0123456789abcdef1" }] },
  };
  const aws = stubAws({
    ec2: {
      describeLaunchTemplates: (input: { NextToken?: string }) => pages[input.NextToken ?? ""],
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listLaunchTemplates] });
  try {
    const out = await callOk<Out>(client, "ec2_list_launch_templates", {
      launch_template_ids: [LT],
      launch_template_names: ["web/v2"],
    });
    const sent = { LaunchTemplateIds: [LT], LaunchTemplateNames: ["web/v2"] };
    deepEqual(aws.calls.map((c) => c.input), [sent, { ...sent, NextToken: "t2" }]);
    deepEqual(out.launch_templates.map((t) => [t.id, t.name]), [
      [LT, "web"],
      ["lt-0123456789abcdef1", undefined],
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_list_launch_templates names a malformed id and a name AWS would refuse", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [listLaunchTemplates],
  });
  try {
    const bad = await call(client, "ec2_list_launch_templates", {
      launch_template_ids: ["lt-xyz"],
      launch_template_names: ["my template"],
    });
    equal(bad.isError, true);
    match(text(bad), /launch_template_ids\.0: expected an id like lt-0123456789abcdef0/);
    match(text(bad), /launch_template_names\.0: expected 3-128 characters/);
  } finally {
    await close();
  }
});
