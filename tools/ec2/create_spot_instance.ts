import type { _InstanceType } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { imageId, readFrom, securityGroupId, subnetId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { count, launched, metadataOptions, runInstancesBasics, userData, wait } from "./_launch.ts";
import { instanceRow } from "./list_instances.ts";
import { waitOutcome } from "./_instance_state.ts";

/** `ec2_create_spot_instance`: RunInstances on the spot market, IMDSv2 required. */
export const createSpotInstance = defineTool({
  name: "ec2_create_spot_instance",
  toolset: "ec2_spot",
  title: "Create EC2 spot instances",
  description:
    "Launch spot instances (max_price USD/hour, default on-demand). Returns instance rows and spot request ids.",
  access: "write",
  idempotent: false,
  verify: "ec2_list_spot_requests",
  iam: ["ec2:RunInstances", "ec2:CreateTags", "ec2:DescribeInstances", "ec2:DescribeTags"],
  input: z.object({
    image_id: readFrom(imageId),
    instance_type: z.string().min(1),
    max_price: z.string().regex(/^\d+(\.\d+)?$/, { error: "expected USD per hour, e.g. 0.05" })
      .optional(),
    type: z.enum(["one-time", "persistent"]).optional(),
    count,
    key_name: z.string().min(1).optional(),
    security_group_ids: z.array(securityGroupId).min(1).max(5).optional(),
    subnet_id: subnetId.optional(),
    user_data: userData.optional(),
    tags: resourceTags.optional(),
    wait,
  }),
  output: z.object({
    instances: z.array(instanceRow),
    spot_request_ids: z.array(z.string()),
    wait: waitOutcome.optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    // RunInstances with spot market options (AWS's recommended way; RequestSpotInstances is
    // legacy) creates the spot requests too; moto accepts it, though it records no request.
    const out = await ec2.runInstances({
      ...runInstancesBasics(args),
      InstanceMarketOptions: {
        MarketType: "spot",
        SpotOptions: {
          ...(args.max_price ? { MaxPrice: args.max_price } : {}),
          SpotInstanceType: args.type ?? "one-time",
          // AWS allows only terminate for one-time requests, and stop or hibernate for persistent.
          InstanceInterruptionBehavior: args.type === "persistent" ? "stop" : "terminate",
        },
      },
      MetadataOptions: metadataOptions(),
      // Tagging the requests too lets --require-tag servers cancel them later.
      ...tagSpecifications(ctx, args.tags, "instance", "volume", "spot-instances-request"),
      DryRun: ctx.dryRun,
    });
    const instances = out.Instances ?? [];
    return {
      ...await launched(ctx, instances, args.wait),
      spot_request_ids: instances.flatMap((i) =>
        i.SpotInstanceRequestId ? [i.SpotInstanceRequestId] : []
      ),
    };
  },
});
