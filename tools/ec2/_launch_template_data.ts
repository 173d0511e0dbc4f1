import type { RequestLaunchTemplateData } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { imageId, readFrom, securityGroupId } from "../../schemas/ids.ts";
import type { ToolContext } from "../tool.ts";

/** The launch settings both launch template tools take, in snake_case. */
export const launchTemplateData = {
  image_id: readFrom(imageId).optional(),
  instance_type: z.string().regex(/^[a-z0-9-]+\.[a-z0-9-]+$/, {
    error: "expected an instance type like t3.micro",
  }).optional(),
  key_name: z.string().min(1).max(255).optional(),
  security_group_ids: z.array(securityGroupId).min(1).max(16).optional(),
  user_data: z.string().min(1).max(16_384).optional(),
  iam_instance_profile: z.string().min(1).max(2048).optional(),
  http_tokens: z.enum(["required", "optional"]).optional(),
  instance_tags: resourceTags.optional(),
};

type LaunchInput = z.infer<z.ZodObject<typeof launchTemplateData>>;

function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * EC2 `LaunchTemplateData` from the snake_case fields. A fresh template or version gets IMDSv2
 * and the --require-tag tag on its instances by default; a version based on `source_version`
 * (`inherit`) keeps the source's settings for every field not given.
 */
export function toLaunchTemplateData(
  input: LaunchInput,
  ctx: ToolContext,
  inherit: boolean,
): RequestLaunchTemplateData {
  const tokens = input.http_tokens ?? (inherit ? undefined : "required");
  const instanceTags = input.instance_tags || !inherit
    ? ctx.guard.creationTags(input.instance_tags)
    : [];
  const profile = input.iam_instance_profile;
  return {
    ...(input.image_id ? { ImageId: input.image_id } : {}),
    ...(input.instance_type ? { InstanceType: input.instance_type as never } : {}),
    ...(input.key_name ? { KeyName: input.key_name } : {}),
    ...(input.security_group_ids ? { SecurityGroupIds: input.security_group_ids } : {}),
    ...(input.user_data ? { UserData: base64(input.user_data) } : {}),
    ...(profile
      ? { IamInstanceProfile: profile.startsWith("arn:") ? { Arn: profile } : { Name: profile } }
      : {}),
    ...(tokens ? { MetadataOptions: { HttpTokens: tokens } } : {}),
    ...(instanceTags.length
      ? { TagSpecifications: [{ ResourceType: "instance", Tags: instanceTags }] }
      : {}),
  };
}
