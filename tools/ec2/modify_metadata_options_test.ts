import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { modifyMetadataOptions } from "./modify_metadata_options.ts";

const A = "i-0123456789abcdef0";
const inventory = [modifyMetadataOptions];
const answer = {
  InstanceId: A,
  InstanceMetadataOptions: {
    State: "pending",
    HttpTokens: "required",
    HttpPutResponseHopLimit: 2,
    HttpEndpoint: "enabled",
    HttpProtocolIpv6: "disabled",
    InstanceMetadataTags: "disabled",
  },
};

Deno.test("ec2_modify_metadata_options sends only the given settings with DryRun and returns the result", async () => {
  const aws = stubAws({ ec2: { modifyInstanceMetadataOptions: () => answer } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_modify_metadata_options", {
      instance_id: A,
      http_tokens: "required",
      hop_limit: 2,
    });
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["modifyInstanceMetadataOptions", {
        InstanceId: A,
        HttpTokens: "required",
        HttpPutResponseHopLimit: 2,
        DryRun: false,
      }],
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      instance_id: A,
      http_tokens: "required",
      http_endpoint: "enabled",
      hop_limit: 2,
      instance_metadata_tags: "disabled",
      protocol_ipv6: "disabled",
      state: "pending",
    });
  } finally {
    await close();
  }
});

Deno.test("ec2_modify_metadata_options maps endpoint and tags settings, and dry_run", async () => {
  const aws = stubAws({
    ec2: {
      modifyInstanceMetadataOptions: (input: { DryRun: boolean }) => {
        if (!input.DryRun) return answer;
        throw Object.assign(new Error("Request would have succeeded, but DryRun flag is set."), {
          name: "DryRunOperation",
          $fault: "client",
        });
      },
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk(client, "ec2_modify_metadata_options", {
      instance_id: A,
      http_endpoint: "disabled",
      instance_metadata_tags: "enabled",
      dry_run: true,
    });
    deepEqual(aws.calls[0]?.input, {
      InstanceId: A,
      HttpEndpoint: "disabled",
      InstanceMetadataTags: "enabled",
      DryRun: true,
    });
    equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
    equal(out.instance_id, undefined);
  } finally {
    await close();
  }
});

Deno.test("ec2_modify_metadata_options without any setting names the fields and calls nothing", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    for (const dry_run of [false, true]) {
      const bad = await call(client, "ec2_modify_metadata_options", { instance_id: A, dry_run });
      equal(bad.isError, true);
      equal(
        text(bad),
        "InvalidInput: nothing to change: give at least one of http_tokens, http_endpoint, hop_limit, instance_metadata_tags — pass the settings to change and retry",
      );
    }
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});

Deno.test("ec2_modify_metadata_options names a bad enum value and an out-of-range hop limit", async () => {
  const aws = stubAws({});
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const bad = await call(client, "ec2_modify_metadata_options", {
      instance_id: A,
      http_tokens: "v2",
      hop_limit: 65,
    });
    equal(bad.isError, true);
    match(text(bad), /http_tokens: Invalid option: expected one of "required"\|"optional"/);
    match(text(bad), /hop_limit: Too big: expected number to be <=64/);
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
