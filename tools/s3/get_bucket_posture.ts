import { z } from "zod";
import { compact, prune } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import {
  accountBlock,
  bucketClient,
  bucketName,
  POSTURE_IAM,
  postureRow,
  readPosture,
} from "./_s3.ts";

function parsePolicy(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `s3_get_bucket_posture`: one bucket in full — posture, policy, lifecycle, replication, tags. */
export const getBucketPosture = defineTool({
  name: "s3_get_bucket_posture",
  toolset: "s3",
  title: "Get an S3 bucket's posture",
  description:
    "One bucket in full: the s3_audit_buckets row plus its policy document, lifecycle rules, replication, object ownership and tags.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: [
    ...POSTURE_IAM,
    "s3:GetBucketPolicy",
    "s3:GetReplicationConfiguration",
    "s3:GetBucketTagging",
    "s3:GetBucketOwnershipControls",
  ],
  input: z.object({ bucket: bucketName }),
  output: postureRow.extend({
    policy: z.unknown().optional(),
    lifecycle_rules: z.array(z.unknown()).optional(),
    replication: z.unknown().optional(),
    ownership: z.string().optional(),
    tags: z.record(z.string(), z.string()).optional(),
  }),
  async handler(args, ctx) {
    // The bucket's region first: a bucket outside --regions is refused before anything else.
    const { s3, region } = await bucketClient(ctx, args.bucket);
    const account = await accountBlock(ctx);
    const posture = await readPosture(s3, args.bucket, region, account, true);
    return compact({
      ...posture.row,
      policy: parsePolicy(posture.policy),
      lifecycle_rules: prune(posture.lifecycleRules) as unknown[] | undefined,
      replication: prune(posture.replication),
      ownership: posture.ownership,
      tags: posture.tags,
    });
  },
});
