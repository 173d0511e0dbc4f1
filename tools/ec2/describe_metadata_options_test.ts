import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeMetadataOptions } from "./describe_metadata_options.ts";

const A = "i-0123456789abcdef0";
const B = "i-0123456789abcdef1";

Deno.test("ec2_describe_metadata_options returns one compact row per instance, in id order", async () => {
  const aws = stubAws({
    ec2: {
      describeInstances: () => ({
        Reservations: [{
          Instances: [{
            InstanceId: B,
            MetadataOptions: {
              State: "applied",
              HttpTokens: "optional",
              HttpPutResponseHopLimit: 1,
              HttpEndpoint: "enabled",
              HttpProtocolIpv6: "disabled",
              InstanceMetadataTags: "disabled",
            },
          }, {
            InstanceId: A,
            Tags: [{ Key: "Name", Value: "web-1" }],
            MetadataOptions: {
              State: "pending",
              HttpTokens: "required",
              HttpPutResponseHopLimit: 2,
              HttpEndpoint: "enabled",
              HttpProtocolIpv6: "enabled",
              InstanceMetadataTags: "enabled",
            },
          }],
        }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeMetadataOptions] });
  try {
    const out = await callOk(client, "ec2_describe_metadata_options", {
      instance_ids: [A, B],
      region: "eu-west-1",
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["describeInstances", { InstanceIds: [A, B] }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "eu-west-1",
      instances: [{
        instance_id: A,
        name: "web-1",
        http_tokens: "required",
        http_endpoint: "enabled",
        hop_limit: 2,
        instance_metadata_tags: "enabled",
        protocol_ipv6: "enabled",
        state: "pending",
        imdsv2_required: true,
      }, {
        instance_id: B,
        http_tokens: "optional",
        http_endpoint: "enabled",
        hop_limit: 1,
        instance_metadata_tags: "disabled",
        protocol_ipv6: "disabled",
        state: "applied",
        imdsv2_required: false,
      }],
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_metadata_options: without MetadataOptions IMDSv2 is not required", async () => {
  const aws = stubAws({
    ec2: { describeInstances: () => ({ Reservations: [{ Instances: [{ InstanceId: A }] }] }) },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeMetadataOptions] });
  try {
    const out = await callOk(client, "ec2_describe_metadata_options", { instance_ids: [A] });
    deepEqual(out.instances, [{ instance_id: A, imdsv2_required: false }]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_metadata_options names bad instance_ids", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeMetadataOptions],
  });
  try {
    const bad = await call(client, "ec2_describe_metadata_options", { instance_ids: ["web-1"] });
    equal(bad.isError, true);
    match(text(bad), /^InvalidInput: instance_ids\.0: expected an id like i-0123456789abcdef0/);
    const single = await call(client, "ec2_describe_metadata_options", { instance_ids: A });
    match(text(single), /^InvalidInput: instance_ids: /);
  } finally {
    await close();
  }
});
