import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";

const ENABLED = ["enabled", "disabled"] as const;

/** `ec2_modify_metadata_options`: changes an instance's IMDS settings, e.g. to enforce IMDSv2. */
export const modifyMetadataOptions = defineTool({
  name: "ec2_modify_metadata_options",
  toolset: "ec2_launch",
  title: "Modify instance metadata (IMDS) options",
  description:
    "Change one instance's metadata service settings, e.g. http_tokens: required to enforce IMDSv2. Give at least one setting; others stay as they are. Returns the resulting settings; state pending means not yet applied.",
  access: "write",
  idempotent: true,
  iam: ["ec2:ModifyInstanceMetadataOptions", "ec2:DescribeTags"],
  input: z.object({
    instance_id: instanceId,
    http_tokens: z.enum(["required", "optional"]).optional().describe("required = IMDSv2 only"),
    http_endpoint: z.enum(ENABLED).optional(),
    hop_limit: z.int().min(1).max(64).optional(),
    instance_metadata_tags: z.enum(ENABLED).optional(),
  }),
  output: z.object({
    instance_id: z.string(),
    http_tokens: z.string().optional(),
    http_endpoint: z.string().optional(),
    hop_limit: z.int().optional(),
    instance_metadata_tags: z.string().optional(),
    protocol_ipv6: z.string().optional(),
    state: z.string().optional(),
  }),
  async handler(args, ctx) {
    const { instance_id, ...changes } = args;
    if (Object.values(changes).every((v) => v === undefined)) {
      throw new ToolError(
        "InvalidInput",
        "nothing to change: give at least one of http_tokens, http_endpoint, hop_limit, instance_metadata_tags",
        "pass the settings to change and retry",
      );
    }
    await ctx.guard.requireTag([instance_id]);
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.modifyInstanceMetadataOptions(compact({
      InstanceId: instance_id,
      HttpTokens: args.http_tokens,
      HttpEndpoint: args.http_endpoint,
      HttpPutResponseHopLimit: args.hop_limit,
      InstanceMetadataTags: args.instance_metadata_tags,
      DryRun: ctx.dryRun,
    }));
    const m = out.InstanceMetadataOptions;
    return compact({
      instance_id: out.InstanceId ?? instance_id,
      http_tokens: m?.HttpTokens,
      http_endpoint: m?.HttpEndpoint,
      hop_limit: m?.HttpPutResponseHopLimit,
      instance_metadata_tags: m?.InstanceMetadataTags,
      protocol_ipv6: m?.HttpProtocolIpv6,
      state: m?.State,
    });
  },
});
