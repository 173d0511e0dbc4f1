import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, everyResourceTagged, stubAws, text } from "../../tests/_helpers.ts";
import { launchFromTemplate } from "./launch_from_template.ts";

const inventory = [launchFromTemplate];
const TEMPLATE = "lt-0123456789abcdef0";
const aws = () =>
  stubAws({
    ec2: {
      describeTags: everyResourceTagged("owner", "mcp"),
      runInstances: () => ({
        Instances: [{
          InstanceId: "i-0123456789abcdef0",
          InstanceType: "m7g.large",
          State: { Name: "pending" },
        }],
      }),
    },
  });

Deno.test("ec2_launch_from_template sends the template, overrides and creation tags", async () => {
  const stub = aws();
  const { client, close } = await connect(
    { allowWrite: true, requireTag: { key: "owner", value: "mcp" } },
    { aws: stub, inventory },
  );
  try {
    const out = await callOk(client, "ec2_launch_from_template", {
      launch_template_id: TEMPLATE,
      version: "3",
      count: 2,
      instance_type: "m7g.large",
      subnet_id: "subnet-0123456789abcdef0",
      key_name: "ops",
      tags: { Name: "worker" },
      region: "eu-west-1",
    });
    const tags = [{ Key: "Name", Value: "worker" }, { Key: "owner", Value: "mcp" }];
    // --require-tag: the resource launched from is checked first (see tests/moto/require_tag_sources_test.ts).
    equal(stub.calls[0]?.method, "describeTags");
    deepEqual(stub.calls.slice(1).map((c) => [c.method, c.input]), [["runInstances", {
      LaunchTemplate: { LaunchTemplateId: TEMPLATE, Version: "3" },
      MinCount: 2,
      MaxCount: 2,
      InstanceType: "m7g.large",
      SubnetId: "subnet-0123456789abcdef0",
      KeyName: "ops",
      TagSpecifications: [
        { ResourceType: "instance", Tags: tags },
        { ResourceType: "volume", Tags: tags },
      ],
      DryRun: false,
    }]]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instances: [{ id: "i-0123456789abcdef0", state: "pending", type: "m7g.large" }],
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_launch_from_template by name uses the default version and leaves the template's settings alone", async () => {
  const stub = aws();
  const { client, close } = await connect({ allowWrite: true }, { aws: stub, inventory });
  try {
    await callOk(client, "ec2_launch_from_template", { launch_template_name: "workers" });
    deepEqual(stub.calls[0]?.input, {
      LaunchTemplate: { LaunchTemplateName: "workers", Version: "$Default" },
      MinCount: 1,
      MaxCount: 1,
      DryRun: false,
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_launch_from_template wants exactly one of id and name, and a valid version", async () => {
  const stub = aws();
  const { client, close } = await connect({ allowWrite: true }, { aws: stub, inventory });
  try {
    const neither = await call(client, "ec2_launch_from_template", {});
    equal(neither.isError, true);
    match(
      text(neither),
      /^InvalidInput: pass exactly one of launch_template_id and launch_template_name \(got neither\)/,
    );
    const both = await call(client, "ec2_launch_from_template", {
      launch_template_id: TEMPLATE,
      launch_template_name: "workers",
    });
    match(text(both), /launch_template_id and launch_template_name \(got both\)/);
    const version = await call(client, "ec2_launch_from_template", {
      launch_template_name: "workers",
      version: "latest",
    });
    match(
      text(version),
      /^InvalidInput: version: expected a version number, \$Default or \$Latest/,
    );
    equal(stub.calls.length, 0);
  } finally {
    await close();
  }
});
