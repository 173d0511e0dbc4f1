import { deepEqual, equal, ok, throws } from "node:assert/strict";
import { z } from "zod";
import type { Config } from "../server/config.ts";
import { allTools } from "../tools/mod.ts";
import { defineTool, type ToolDefinition } from "../tools/tool.ts";
import {
  call,
  connect,
  motoEc2,
  motoImageId,
  motoTest,
  stubAws,
  text,
  useMotoCredentials,
} from "./_helpers.ts";
import { CallRecorder, iamAction, SERVER } from "./_recording.ts";

// Every AWS command a tool sends must be in its `iam` list: the list feeds the error hints, the
// README and `aws-mcp policy`, so a missing action is a policy that fails in the user's account.
// The recorder sees each client method call (and `send` of a command) and the tool it ran for.

Deno.test("client methods map to IAM actions", () => {
  equal(iamAction("ec2", "describeInstances"), "ec2:DescribeInstances");
  equal(iamAction("cloudwatch", "getMetricData"), "cloudwatch:GetMetricData");
  equal(iamAction("sts", "getCallerIdentity"), "sts:GetCallerIdentity");
  equal(iamAction("pricing", "getProducts"), "pricing:GetProducts");
});

const fakeTool = (
  name: string,
  iam: string[],
  run: (input: unknown, ctx: Parameters<ToolDefinition["handler"]>[1]) => Promise<void>,
) =>
  defineTool({
    name,
    toolset: "aws",
    title: name,
    description: name,
    access: "read",
    idempotent: true,
    iam,
    input: z.object({}),
    output: z.object({}),
    handler: async (input, ctx) => {
      await run(input, ctx);
      return {};
    },
  });

Deno.test("the recorder attributes calls to their tool and names uncovered actions", async () => {
  class DescribeRegionsCommand {}
  const recorder = new CallRecorder();
  const aws = recorder.provider(stubAws({
    ec2: {
      describeVpcs: () => ({}),
      describeSubnets: () => ({}),
      send: () => ({}),
    },
  }));
  const inventory = recorder.inventory([
    fakeTool("vpc_ok", ["ec2:DescribeVpcs"], async (_, ctx) => {
      await (await ctx.aws.client("ec2")).describeVpcs({});
    }),
    fakeTool("vpc_leaky", ["ec2:DescribeVpcs"], async (_, ctx) => {
      const ec2 = await ctx.aws.client("ec2");
      await ec2.describeVpcs({});
      // Calls after an await still belong to the tool.
      await new Promise((r) => setTimeout(r, 1));
      await ec2.describeSubnets({});
      await ec2.send(new DescribeRegionsCommand() as never);
    }),
    fakeTool("who", [], async (_, ctx) => {
      await ctx.aws.identity();
    }),
  ]);
  const { client, close } = await connect({ region: "eu-west-1" }, { aws, inventory });
  try {
    for (const name of ["vpc_ok", "vpc_leaky", "who"]) {
      const result = await call(client, name);
      equal(result.isError, undefined, text(result));
    }
  } finally {
    await close();
  }
  ok(recorder.calls.some((c) => c.tool === SERVER && c.action === "sts:GetCallerIdentity"));
  deepEqual(recorder.uncovered(), [
    { tool: "vpc_leaky", action: "ec2:DescribeSubnets" },
    { tool: "vpc_leaky", action: "ec2:DescribeRegions" },
    { tool: "who", action: "sts:GetCallerIdentity" },
  ]);
  throws(
    () => recorder.assertCovered(),
    /vpc_leaky sends ec2:DescribeSubnets, ec2:DescribeRegions, not in its iam list/,
  );
});

// moto's state is global: this file works in ap-southeast-4 only, on what it creates, and every
// mutating tool runs as a dry run, so it changes nothing there either.
const REGION = "ap-southeast-4";
const RUN = crypto.randomUUID();
const TAG = { key: "iam-coverage", value: RUN };

/** Values for required inputs, by field name; a tool with a required field not here is skipped. */
async function seed(endpoint: string): Promise<Record<string, unknown>> {
  const ec2 = await motoEc2(endpoint, REGION);
  const tags = (type: string) => [{
    ResourceType: type as "instance",
    Tags: [{ Key: TAG.key, Value: TAG.value }],
  }];
  const imageId = await motoImageId(ec2);
  const run = await ec2.runInstances({
    ImageId: imageId,
    InstanceType: "t3.micro",
    MinCount: 1,
    MaxCount: 1,
    TagSpecifications: tags("instance"),
  });
  const instance = run.Instances?.[0];
  const instanceId = instance?.InstanceId as string;
  const zone = instance?.Placement?.AvailabilityZone as string;
  const group = await ec2.createSecurityGroup({
    GroupName: `iam-coverage-${RUN}`,
    Description: "iam coverage",
    VpcId: instance?.VpcId,
    TagSpecifications: tags("security-group"),
  });
  const template = await ec2.createLaunchTemplate({
    LaunchTemplateName: `iam-coverage-${RUN}`,
    LaunchTemplateData: { ImageId: imageId, InstanceType: "t3.micro" },
    TagSpecifications: tags("launch-template"),
  });
  const volume = await ec2.createVolume({
    AvailabilityZone: zone,
    Size: 1,
    TagSpecifications: tags("volume"),
  });
  const snapshot = await ec2.createSnapshot({
    VolumeId: volume.VolumeId,
    TagSpecifications: tags("snapshot"),
  });
  const image = await ec2.createImage({
    InstanceId: instanceId,
    Name: `iam-coverage-${RUN}`,
    TagSpecifications: tags("image"),
  });
  const spot = await ec2.requestSpotInstances({
    InstanceCount: 1,
    LaunchSpecification: { ImageId: imageId, InstanceType: "t3.micro" },
  });
  const spotId = spot.SpotInstanceRequests?.[0]?.SpotInstanceRequestId as string;
  await ec2.createTags({ Resources: [spotId], Tags: [{ Key: TAG.key, Value: TAG.value }] });
  const key = await ec2.createKeyPair({
    KeyName: `iam-coverage-${RUN}`,
    TagSpecifications: tags("key-pair"),
  });
  return {
    instance_ids: [instanceId],
    instance_id: instanceId,
    source_instance_id: instanceId,
    vpc_id: instance?.VpcId,
    subnet_id: instance?.SubnetId,
    group_id: group.GroupId,
    image_id: image.ImageId,
    instance_type: "t3.micro",
    instance_types: ["t3.micro"],
    key_name: key.KeyName,
    group_name: `iam-coverage-2-${RUN}`,
    description: "iam coverage",
    rules: [{ protocol: "tcp", from_port: 22, to_port: 22, cidr: "10.0.0.0/8" }],
    name: `iam-coverage-${RUN}`,
    launch_template_id: template.LaunchTemplate?.LaunchTemplateId,
    volume_id: volume.VolumeId,
    snapshot_id: snapshot.SnapshotId,
    source_snapshot_id: snapshot.SnapshotId,
    snapshot_ids: [snapshot.SnapshotId],
    zones: [zone],
    action: "enable",
    queries: [{ id: "cpu", namespace: "AWS/EC2", metric: "CPUUtilization" }],
    function_name: "iam-coverage",
    cluster: "iam-coverage",
    service: "iam-coverage",
    spot_request_id: spotId,
    spot_request_ids: [spotId],
    zone,
    device: "/dev/sdf",
    protocol: "tcp",
    alarm_names: [`iam-coverage-${RUN}`],
    namespace: "AWS/EC2",
    metric: "CPUUtilization",
    threshold: 90,
    comparison: ">",
    no_reboot: true,
    http_tokens: "required",
    size_gib: 2,
    destination_cidr: "0.0.0.0/0",
    port: 443,
    metrics: [{ namespace: "AWS/EC2", metric: "CPUUtilization" }],
  };
}

/** Optional inputs a tool's handler needs one of ("exactly one of …"), by field name. */
const CHOICES: Record<string, string[]> = {
  ec2_describe_launch_template: ["launch_template_id"],
  ec2_launch_from_template: ["launch_template_id"],
  ec2_delete_keypair: ["key_name"],
  ec2_modify_metadata_options: ["http_tokens"],
  ebs_create_volume: ["size_gib"],
  ebs_modify_volume: ["size_gib"],
  vpc_explain_reachability: ["destination_cidr", "port"],
  cloudwatch_get_metric_image: ["metrics"],
};

/** The tool's required inputs (and CHOICES) from the fixtures, or undefined when one is missing. */
function argumentsFor(
  tool: ToolDefinition,
  fixtures: Record<string, unknown>,
): Record<string, unknown> | undefined {
  const schema = z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" }) as {
    required?: string[];
  };
  const keys = [...(schema.required ?? []), ...(CHOICES[tool.name] ?? [])];
  const args = Object.fromEntries(keys.filter((k) => k in fixtures).map((k) => [k, fixtures[k]]));
  if (!tool.input.safeParse(args).success) return undefined;
  return tool.access === "read" ? args : { ...args, dry_run: true };
}

motoTest("every AWS call a tool makes against moto is in its iam list", async (endpoint, t) => {
  const fixtures = await seed(endpoint);
  useMotoCredentials();
  const { AwsClients } = await import("../aws/clients.ts");
  const passes: [string, Partial<Config>][] = [
    ["destructive mode", { allowDestructive: true }],
    ["destructive mode with --require-tag", { allowDestructive: true, requireTag: TAG }],
  ];
  const exercised = new Set<string>();
  const skipped = new Set<string>();
  for (const [label, config] of passes) {
    await t.step(label, async () => {
      const recorder = new CallRecorder();
      const aws = recorder.provider(
        new AwsClients({ profile: undefined, region: REGION, userAgent: "aws-mcp-test", endpoint }),
      );
      const { client, close } = await connect({ region: REGION, ...config }, {
        aws,
        inventory: recorder.inventory(allTools),
        waitIntervalMs: 20,
        waitTimeoutMs: 200,
      });
      try {
        for (const tool of allTools) {
          const args = argumentsFor(tool, fixtures);
          if (!args) {
            skipped.add(tool.name);
            continue;
          }
          // Failures are fine here (moto lacks some APIs): what was sent is what counts.
          await call(client, tool.name, args);
          exercised.add(tool.name);
        }
      } finally {
        await close();
      }
      recorder.assertCovered();
    });
  }
  if (skipped.size) {
    console.error(`iam coverage: no fixtures for ${[...skipped].join(", ")}; add them in seed()`);
  }
  ok(exercised.size >= allTools.length * 0.9, `only ${exercised.size} tools exercised`);
});
