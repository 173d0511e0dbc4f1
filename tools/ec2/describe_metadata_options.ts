import type { Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact } from "../../schemas/compact.ts";
import { nameTag } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";
import { describeInstances, instanceIds } from "./_instance.ts";

const metadataRow = z.object({
  instance_id: z.string(),
  name: z.string().optional(),
  http_tokens: z.string().optional(),
  http_endpoint: z.string().optional(),
  hop_limit: z.int().optional(),
  instance_metadata_tags: z.string().optional(),
  protocol_ipv6: z.string().optional(),
  state: z.string().optional(),
  imdsv2_required: z.boolean(),
});

/** The compact IMDS settings of one instance. */
export function metadataSummary(i: Instance): z.input<typeof metadataRow> {
  const m = i.MetadataOptions;
  return compact({
    instance_id: i.InstanceId ?? "",
    name: nameTag(i.Tags),
    http_tokens: m?.HttpTokens,
    http_endpoint: m?.HttpEndpoint,
    hop_limit: m?.HttpPutResponseHopLimit,
    instance_metadata_tags: m?.InstanceMetadataTags,
    protocol_ipv6: m?.HttpProtocolIpv6,
    // "pending" means a modification has not reached the instance yet.
    state: m?.State,
    imdsv2_required: m?.HttpTokens === "required",
  });
}

/** `ec2_describe_metadata_options`: per instance, the IMDS settings and whether IMDSv2 is enforced. */
export const describeMetadataOptions = defineTool({
  name: "ec2_describe_metadata_options",
  toolset: "ec2_launch",
  title: "Describe instance metadata (IMDS) options",
  description:
    "Instance metadata service settings per instance: http_tokens (required = IMDSv2 enforced), endpoint, hop limit, tags access, IPv6, and imdsv2_required. Use to audit IMDSv1 exposure.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstances"],
  input: z.object({ instance_ids: instanceIds }),
  output: z.object({ instances: z.array(metadataRow) }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const found = await describeInstances(ec2, args.instance_ids);
    return { instances: found.map(metadataSummary) };
  },
});
