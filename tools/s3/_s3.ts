import type { Grant, PublicAccessBlockConfiguration, S3 } from "@aws-sdk/client-s3";
import { z } from "zod";
import type { ToolContext } from "../tool.ts";

/** A bucket name as S3 allows it (3-63 characters, lowercase, digits, dots, hyphens). */
export const bucketName = z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
  error: "expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)",
});

/** The region of a bucket; GetBucketLocation answers nothing for us-east-1 and "EU" for Ireland. */
export async function bucketRegion(s3: S3, bucket: string): Promise<string> {
  const out = await s3.getBucketLocation({ Bucket: bucket });
  const location = out.LocationConstraint as string | undefined;
  if (!location) return "us-east-1";
  return location === "EU" ? "eu-west-1" : location;
}

/**
 * An S3 client in the bucket's own region, after the --regions guard: the bucket list is global,
 * the bucket's contents are not.
 */
export async function bucketClient(
  ctx: ToolContext,
  bucket: string,
  known?: string,
): Promise<{ s3: S3; region: string }> {
  const region = known ?? await bucketRegion(await ctx.aws.client("s3"), bucket);
  ctx.guard.requireRegion(region);
  return { s3: await ctx.aws.client("s3", region), region };
}

/** The answer of a Get* call, or undefined when the bucket has no such configuration. */
export async function optional<T>(request: Promise<T>): Promise<T | undefined> {
  try {
    return await request;
  } catch (err) {
    const name = (err as { name?: string })?.name ?? "";
    if (/^NoSuch|NotFound/.test(name)) return undefined;
    throw err;
  }
}

const EVERYONE: Record<string, string> = {
  "http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
};

/** ACL grants to everyone (or every AWS account), as `AllUsers:READ`. */
export function publicGrants(grants: readonly Grant[] | undefined): string[] {
  return (grants ?? []).flatMap((g) => {
    const who = EVERYONE[g.Grantee?.URI ?? ""];
    return who ? [`${who}:${g.Permission ?? "?"}`] : [];
  });
}

/** The four Block Public Access switches; each is on when the account or the bucket sets it. */
export type BlockPublicAccess = Required<
  Pick<
    PublicAccessBlockConfiguration,
    "BlockPublicAcls" | "IgnorePublicAcls" | "BlockPublicPolicy" | "RestrictPublicBuckets"
  >
>;

const SWITCHES = [
  "BlockPublicAcls",
  "IgnorePublicAcls",
  "BlockPublicPolicy",
  "RestrictPublicBuckets",
] as const;

/** The effective switches: account OR bucket. */
export function effectiveBlock(
  account: PublicAccessBlockConfiguration | undefined,
  bucket: PublicAccessBlockConfiguration | undefined,
): BlockPublicAccess {
  return Object.fromEntries(
    SWITCHES.map((k) => [k, account?.[k] === true || bucket?.[k] === true]),
  ) as BlockPublicAccess;
}

/** "all", "none" or the switches that are on, e.g. "BlockPublicAcls,IgnorePublicAcls". */
function describeBlock(config: PublicAccessBlockConfiguration | undefined): string {
  const on = SWITCHES.filter((k) => config?.[k] === true);
  return on.length === SWITCHES.length ? "all" : on.length === 0 ? "none" : on.join(",");
}

/** One bucket's posture row. */
export const postureRow = z.object({
  bucket: z.string(),
  region: z.string().optional(),
  public: z.boolean().optional(),
  public_via: z.array(z.string()).optional(),
  block_account: z.string().optional(),
  block_bucket: z.string().optional(),
  encryption: z.string().optional(),
  versioning: z.string().optional(),
  object_lock: z.boolean().optional(),
  lifecycle: z.boolean().optional(),
  logging: z.boolean().optional(),
  risks: z.array(z.string()).optional(),
  error: z.string().optional(),
});

/** A posture row plus the raw configurations s3_get_bucket_posture shows in full. */
export interface Posture {
  row: z.input<typeof postureRow>;
  policy?: string | undefined;
  lifecycleRules?: unknown[] | undefined;
  replication?: unknown;
  tags?: Record<string, string> | undefined;
  ownership?: string | undefined;
}

/** The account's Block Public Access settings (S3 Control), or undefined when none are set. */
export async function accountBlock(
  ctx: ToolContext,
): Promise<PublicAccessBlockConfiguration | undefined> {
  const [control, identity] = await Promise.all([
    ctx.aws.client("s3control"),
    ctx.aws.identity(),
  ]);
  const out = await optional(control.getPublicAccessBlock({ AccountId: identity.account }));
  return out?.PublicAccessBlockConfiguration;
}

/**
 * Reads one bucket's public exposure, encryption, versioning, object lock, lifecycle and logging
 * (and, with `full`, its policy text, replication, tags and ownership), and flags what is risky.
 */
export async function readPosture(
  s3: S3,
  bucket: string,
  region: string,
  account: PublicAccessBlockConfiguration | undefined,
  full = false,
): Promise<Posture> {
  const [status, acl, block, encryption, versioning, lock, lifecycle, logging] = await Promise.all([
    optional(s3.getBucketPolicyStatus({ Bucket: bucket })),
    s3.getBucketAcl({ Bucket: bucket }),
    optional(s3.getPublicAccessBlock({ Bucket: bucket })),
    optional(s3.getBucketEncryption({ Bucket: bucket })),
    s3.getBucketVersioning({ Bucket: bucket }),
    optional(s3.getObjectLockConfiguration({ Bucket: bucket })),
    optional(s3.getBucketLifecycleConfiguration({ Bucket: bucket })),
    s3.getBucketLogging({ Bucket: bucket }),
  ]);
  const bucketBlock = block?.PublicAccessBlockConfiguration;
  const effective = effectiveBlock(account, bucketBlock);
  const grants = publicGrants(acl.Grants);
  // What AWS would serve publicly: a public policy unless RestrictPublicBuckets, public ACL
  // grants unless IgnorePublicAcls.
  const via = [
    ...(status?.PolicyStatus?.IsPublic && !effective.RestrictPublicBuckets ? ["policy"] : []),
    ...(effective.IgnorePublicAcls ? [] : grants.map((g) => `acl:${g}`)),
  ];
  const rule = encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]
    ?.ApplyServerSideEncryptionByDefault;
  const encrypted = rule?.SSEAlgorithm ?? "none";
  const versioned = versioning.Status ?? "Disabled";
  const blocksAll = Object.values(effective).every(Boolean);
  const risks = [
    ...(via.length ? ["public"] : []),
    ...(blocksAll ? [] : ["block_public_access_off"]),
    ...(encrypted === "none" ? ["unencrypted"] : []),
    ...(versioned === "Enabled" ? [] : ["unversioned"]),
  ];
  const row = {
    bucket,
    region,
    public: via.length > 0,
    ...(via.length ? { public_via: via } : {}),
    block_account: describeBlock(account),
    block_bucket: describeBlock(bucketBlock),
    encryption: encrypted,
    versioning: versioned,
    object_lock: lock?.ObjectLockConfiguration?.ObjectLockEnabled === "Enabled",
    lifecycle: (lifecycle?.Rules ?? []).length > 0,
    logging: logging.LoggingEnabled !== undefined,
    ...(risks.length ? { risks } : {}),
  };
  if (!full) return { row };
  const [policy, replication, tagging, ownership] = await Promise.all([
    optional(s3.getBucketPolicy({ Bucket: bucket })),
    optional(s3.getBucketReplication({ Bucket: bucket })),
    optional(s3.getBucketTagging({ Bucket: bucket })),
    optional(s3.getBucketOwnershipControls({ Bucket: bucket })),
  ]);
  return {
    row,
    policy: policy?.Policy,
    lifecycleRules: lifecycle?.Rules,
    replication: replication?.ReplicationConfiguration,
    tags: tagging?.TagSet
      ? Object.fromEntries(tagging.TagSet.map((t) => [t.Key ?? "", t.Value ?? ""]))
      : undefined,
    ownership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
  };
}

/** IAM actions of readPosture (bucket level) and accountBlock. */
export const POSTURE_IAM = [
  "s3:GetBucketLocation",
  "s3:GetBucketPolicyStatus",
  "s3:GetBucketAcl",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetEncryptionConfiguration",
  "s3:GetBucketVersioning",
  "s3:GetBucketObjectLockConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetBucketLogging",
  "s3:GetAccountPublicAccessBlock",
  "sts:GetCallerIdentity",
] as const;
