import { deepEqual, equal, match, ok } from "node:assert/strict";
import { describeInstances } from "../../tools/ec2/describe_instances.ts";
import { callOk, connectMoto, motoEc2, motoImageId, motoLaunch, motoTest } from "../_helpers.ts";

// moto's state is global: this file runs in us-west-1 and tags what it makes with its own run id;
// it only ever asks for its own instances by id, so other files' instances do not matter.
const REGION = "us-west-1";
const RUN = crypto.randomUUID();

interface Out {
  instances: Record<string, unknown>[];
  omitted?: number;
  region: string;
}

motoTest("ec2_describe_instances returns full, pruned instances by id", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const imageId = await motoImageId(ec2);
  const launch = async (
    name: string,
    type: "t3.micro" | "t3.small",
    tokens: "optional" | "required",
  ) =>
    (await motoLaunch(ec2, {
      image: imageId,
      type,
      tags: { Name: name, run: RUN },
      MetadataOptions: { HttpTokens: tokens, HttpPutResponseHopLimit: 2 },
    }))[0] as string;
  const first = await launch("api-1", "t3.micro", "required");
  const second = await launch("api-2", "t3.small", "optional");

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeInstances],
  });
  try {
    await t.step("both instances come back in the order asked, in the AWS shape", async () => {
      const out = await callOk<Out>(client, "ec2_describe_instances", {
        instance_ids: [second, first],
      });
      equal(out.region, REGION);
      equal(out.omitted, undefined);
      deepEqual(out.instances.map((i) => i.InstanceId), [second, first]);
      const [two, one] = out.instances;
      equal(one?.InstanceType, "t3.micro");
      equal(two?.InstanceType, "t3.small");
      equal(one?.ImageId, imageId);
      deepEqual(one?.State, { Code: 16, Name: "running" });
      // Lean by default: the metadata options' State ("applied") is left out.
      deepEqual(one?.MetadataOptions, {
        HttpTokens: "required",
        HttpPutResponseHopLimit: 2,
        HttpEndpoint: "enabled",
        HttpProtocolIpv6: "disabled",
        InstanceMetadataTags: "disabled",
      });
      const tags = [...(one?.Tags as { Key: string }[])].sort((a, b) => a.Key < b.Key ? -1 : 1);
      deepEqual(tags, [{ Key: "Name", Value: "api-1" }, { Key: "run", Value: RUN }]);
      match(String(one?.LaunchTime), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
      // prune(): moto's empty ProductCodes and blank StateReason are gone, not echoed as noise.
      ok(!("ProductCodes" in (one ?? {})));
      ok(!("StateReason" in (one ?? {})));
      equal((one?.BlockDeviceMappings as unknown[]).length, 1);
    });

    await t.step("an unknown id is listed in not_found beside the known one", async () => {
      const out = await callOk<Out & { not_found?: string[] }>(client, "ec2_describe_instances", {
        instance_ids: [first, "i-0123456789abcdef0"],
      });
      deepEqual(out.instances.map((i) => i.InstanceId), [first]);
      deepEqual(out.not_found, ["i-0123456789abcdef0"]);
      const full = await callOk<Out>(client, "ec2_describe_instances", {
        instance_ids: [first],
        full: true,
      });
      equal((full.instances[0]?.MetadataOptions as { State?: string }).State, "applied");
    });
  } finally {
    await close();
    await ec2.terminateInstances({ InstanceIds: [first, second] });
  }
});
