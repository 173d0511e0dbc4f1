import { deepEqual, equal } from "node:assert/strict";
import { describeMetadataOptions } from "../../tools/ec2/describe_metadata_options.ts";
import { callOk, connectMoto, motoEc2, motoLaunch, motoTest } from "../_helpers.ts";

// moto's state is global: this file runs in us-west-1 and only asks for the instances it made,
// tagged with its own run id.
const REGION = "us-west-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_describe_metadata_options reports IMDS settings per instance",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const launch = async (name: string, metadata?: Record<string, unknown>) =>
      (await motoLaunch(ec2, {
        tags: { Name: name, run: RUN },
        ...(metadata ? { MetadataOptions: metadata } : {}),
      }))[0] as string;
    const hardened = await launch("hardened", {
      HttpTokens: "required",
      HttpPutResponseHopLimit: 3,
      InstanceMetadataTags: "enabled",
    });
    const legacy = await launch("legacy");
    const fixed = await launch("fixed-later");
    await ec2.modifyInstanceMetadataOptions({
      InstanceId: fixed,
      HttpTokens: "required",
      HttpEndpoint: "disabled",
    });

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeMetadataOptions],
    });
    try {
      await t.step("each instance gets its row, in the order asked", async () => {
        const out = await callOk(client, "ec2_describe_metadata_options", {
          instance_ids: [legacy, hardened, fixed],
        });
        equal(out.region, REGION);
        deepEqual(out.instances, [{
          instance_id: legacy,
          name: "legacy",
          http_tokens: "optional",
          http_endpoint: "enabled",
          hop_limit: 1,
          instance_metadata_tags: "disabled",
          protocol_ipv6: "disabled",
          state: "applied",
          imdsv2_required: false,
        }, {
          instance_id: hardened,
          name: "hardened",
          http_tokens: "required",
          http_endpoint: "enabled",
          hop_limit: 3,
          instance_metadata_tags: "enabled",
          protocol_ipv6: "disabled",
          state: "applied",
          imdsv2_required: true,
        }, {
          instance_id: fixed,
          name: "fixed-later",
          http_tokens: "required",
          http_endpoint: "disabled",
          hop_limit: 1,
          // moto's ModifyInstanceMetadataOptions drops the fields it was not given (AWS keeps
          // them); the row leaves absent values out rather than guessing them.
          state: "applied",
          imdsv2_required: true,
        }]);
      });

      await t.step("an unknown id is listed in not_found", async () => {
        const out = await callOk<{ instances: unknown[]; not_found?: string[] }>(
          client,
          "ec2_describe_metadata_options",
          { instance_ids: ["i-0123456789abcdef0"] },
        );
        deepEqual(out.instances, []);
        deepEqual(out.not_found, ["i-0123456789abcdef0"]);
      });
    } finally {
      await close();
    }
  },
);
