import { deepEqual, equal } from "node:assert/strict";
import { modifyMetadataOptions } from "../../tools/ec2/modify_metadata_options.ts";
import { call, callOk, connectMoto, motoEc2, motoLaunch, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in ap-east-1, only on the instance it launched and
// tagged with its own run id.
const REGION = "ap-east-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_modify_metadata_options changes IMDS settings and returns them",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const [id] = (await motoLaunch(ec2, { tags: { run: RUN } })) as [string];
    const options = async () =>
      (await ec2.describeInstances({ InstanceIds: [id] })).Reservations?.[0]?.Instances?.[0]
        ?.MetadataOptions;

    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: [modifyMetadataOptions],
    });
    try {
      await t.step("no setting is an input error naming the fields; nothing changes", async () => {
        const before = await options();
        const bad = await call(client, "ec2_modify_metadata_options", { instance_id: id });
        equal(bad.isError, true);
        equal(
          text(bad),
          "InvalidInput: nothing to change: give at least one of http_tokens, http_endpoint, hop_limit, instance_metadata_tags — pass the settings to change and retry",
        );
        deepEqual(await options(), before);
      });

      // moto 5.2 applies ModifyInstanceMetadataOptions even with DryRun (its handler hard-codes
      // dry_run=False), so "dry_run changes nothing" cannot be shown here; the unit test shows
      // DryRun: true is sent and the DryRunOperation answer reported.
      await t.step({
        name: "dry_run changes nothing [moto ignores DryRun on this call]",
        ignore: true,
        fn: () => {},
      });

      await t.step(
        "enforcing IMDSv2 returns the resulting settings, as DescribeInstances sees them",
        async () => {
          const out = await callOk(client, "ec2_modify_metadata_options", {
            instance_id: id,
            http_tokens: "required",
            http_endpoint: "enabled",
            hop_limit: 2,
            instance_metadata_tags: "enabled",
          });
          equal(out.region, REGION);
          deepEqual(
            [
              out.instance_id,
              out.http_tokens,
              out.http_endpoint,
              out.hop_limit,
              out.instance_metadata_tags,
            ],
            [id, "required", "enabled", 2, "enabled"],
          );
          const seen = await options();
          deepEqual(
            [
              seen?.HttpTokens,
              seen?.HttpEndpoint,
              seen?.HttpPutResponseHopLimit,
              seen?.InstanceMetadataTags,
            ],
            ["required", "enabled", 2, "enabled"],
          );
        },
      );

      await t.step("one setting alone is sent and reported", async () => {
        // moto replaces the whole option set with what was sent (AWS keeps the others), so only
        // the setting that was sent is asserted.
        const out = await callOk(client, "ec2_modify_metadata_options", {
          instance_id: id,
          http_tokens: "optional",
        });
        equal(out.http_tokens, "optional");
        equal((await options())?.HttpTokens, "optional");
      });
    } finally {
      await close();
      await ec2.terminateInstances({ InstanceIds: [id] });
    }
  },
);
