import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { deleteLaunchTemplate } from "./delete_launch_template.ts";

const LT = "lt-0123456789abcdef0";

function ltAws(templates: unknown[] = [{ LaunchTemplateId: LT, LaunchTemplateName: "web" }]) {
  const pages: Record<string, unknown> = {
    "": { LaunchTemplateVersions: [{}, {}], NextToken: "p2" },
    p2: { LaunchTemplateVersions: [{}] },
  };
  return stubAws({
    ec2: {
      describeLaunchTemplates: () => ({ LaunchTemplates: templates }),
      describeLaunchTemplateVersions: (input: { NextToken?: string }) =>
        pages[input.NextToken ?? ""],
      deleteLaunchTemplate: () => ({
        LaunchTemplate: { LaunchTemplateId: LT, LaunchTemplateName: "web" },
      }),
    },
  });
}

Deno.test("ec2_delete_launch_template asks naming the template and its version count", async () => {
  for (const [action, expected] of [["accept", "accepted"], ["decline", "declined"]] as const) {
    const aws = ltAws();
    const asked: string[] = [];
    const { client, close } = await connect({ allowDestructive: true }, {
      aws,
      inventory: [deleteLaunchTemplate],
    }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return action === "accept" ? { action, content: { confirm: true } } : { action };
    });
    try {
      const out = await callOk(client, "ec2_delete_launch_template", { launch_template_id: LT });
      deepEqual(asked, [
        `Delete launch template ${LT} ("web", 3 versions) in us-east-1. This cannot be undone.`,
      ]);
      equal(out.confirmation, expected);
      const deletes = aws.calls.filter((c) => c.method === "deleteLaunchTemplate");
      if (expected === "accepted") {
        equal(out.deleted_launch_template_id, LT);
        equal(out.name, "web");
        deepEqual(deletes.map((c) => c.input), [{ LaunchTemplateId: LT, DryRun: false }]);
      } else {
        deepEqual(deletes, []);
      }
    } finally {
      await close();
    }
  }
});

Deno.test("ec2_delete_launch_template reports an unknown id and names a malformed one", async () => {
  const aws = ltAws([]);
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteLaunchTemplate],
  });
  try {
    const missing = await call(client, "ec2_delete_launch_template", { launch_template_id: LT });
    match(
      text(missing),
      /^InvalidLaunchTemplateId\.NotFound: launch template lt-0123456789abcdef0/,
    );
    const bad = await call(client, "ec2_delete_launch_template", { launch_template_id: "web" });
    match(text(bad), /launch_template_id: expected an id like lt-0123456789abcdef0/);
    equal(aws.calls.some((c) => c.method === "deleteLaunchTemplate"), false);
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_launch_template dry run checks the tag and passes DryRun", async () => {
  const aws = stubAws({
    ec2: {
      describeLaunchTemplates: () => ({
        LaunchTemplates: [{ LaunchTemplateId: LT, LaunchTemplateName: "web" }],
      }),
      describeLaunchTemplateVersions: () => ({ LaunchTemplateVersions: [{}] }),
      describeTags: () => ({ Tags: [{ ResourceId: LT, Key: "owner", Value: "agent" }] }),
      deleteLaunchTemplate: () => ({}),
    },
  });
  const { client, close } = await connect({
    allowDestructive: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [deleteLaunchTemplate] });
  try {
    await callOk(client, "ec2_delete_launch_template", { launch_template_id: LT, dry_run: true });
    // The tag is checked before the (dry-run) delete, which is the last call.
    deepEqual(aws.calls.slice(-2).map((c) => [c.method, c.input]), [
      ["describeTags", { Filters: [{ Name: "resource-id", Values: [LT] }], MaxResults: 1000 }],
      ["deleteLaunchTemplate", { LaunchTemplateId: LT, DryRun: true }],
    ]);
  } finally {
    await close();
  }
});
