import { deepEqual, equal, match, ok } from "node:assert/strict";
import { s3Tools } from "../../tools/s3/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { dropBucket, motoS3 } from "./_s3_iam.ts";

// moto's S3 is account-wide: this file's buckets carry its run id in their names, and the file
// never sets the account's Block Public Access (other files' buckets would change posture).
const REGION = "eu-south-2";
const RUN = crypto.randomUUID().slice(0, 8);
const name = (what: string) => `aws-mcp-${RUN}-${what}`;

interface Row {
  bucket: string;
  region?: string;
  public?: boolean;
  public_via?: string[];
  block_account?: string;
  block_bucket?: string;
  encryption?: string;
  versioning?: string;
  object_lock?: boolean;
  lifecycle?: boolean;
  logging?: boolean;
  risks?: string[];
  error?: string;
}

motoTest("s3 bucket tools list, audit and describe buckets' exposure", async (endpoint, t) => {
  const s3 = await motoS3(endpoint, REGION);
  const [byPolicy, byAcl, blocked, privateOne] = [
    name("policy"),
    name("acl"),
    name("blocked"),
    name("private"),
  ];
  const all = [byPolicy, byAcl, blocked, privateOne];
  for (const bucket of all) {
    await s3.createBucket({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    });
  }
  await s3.putBucketPolicy({
    Bucket: byPolicy,
    Policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: "*",
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${byPolicy}/*`,
      }],
    }),
  });
  await s3.putBucketAcl({ Bucket: byAcl, ACL: "public-read" });
  // Public by ACL, but Block Public Access ignores that ACL: not exposed.
  await s3.putBucketAcl({ Bucket: blocked, ACL: "public-read" });
  await s3.putPublicAccessBlock({
    Bucket: blocked,
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  await s3.putBucketVersioning({
    Bucket: privateOne,
    VersioningConfiguration: { Status: "Enabled" },
  });
  await s3.putBucketEncryption({
    Bucket: privateOne,
    ServerSideEncryptionConfiguration: {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms" } }],
    },
  });
  await s3.putBucketLifecycleConfiguration({
    Bucket: privateOne,
    LifecycleConfiguration: {
      Rules: [{
        ID: "expire",
        Status: "Enabled",
        Filter: { Prefix: "tmp/" },
        Expiration: { Days: 7 },
      }],
    },
  });
  await s3.putBucketTagging({
    Bucket: privateOne,
    Tagging: { TagSet: [{ Key: "team", Value: "data" }] },
  });
  const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [...s3Tools] });
  try {
    await t.step("s3_list_buckets names each bucket's region and filters by name", async () => {
      const out = await callOk<{ buckets: { name: string; region?: string; created?: string }[] }>(
        client,
        "s3_list_buckets",
        { name_contains: RUN, max_results: 200 },
      );
      deepEqual(out.buckets.map((b) => b.name).sort(), [...all].sort());
      for (const b of out.buckets) {
        equal(b.region, REGION);
        ok(b.created);
      }
      const page = await callOk<{ buckets: unknown[]; next_token?: string }>(
        client,
        "s3_list_buckets",
        { name_contains: RUN, max_results: 3 },
      );
      equal(page.buckets.length, 3);
      ok(page.next_token);
      const rest = await callOk<{ buckets: unknown[]; next_token?: string }>(
        client,
        "s3_list_buckets",
        { name_contains: RUN, max_results: 3, next_token: page.next_token },
      );
      equal(rest.buckets.length, 1);
      equal(rest.next_token, undefined);
    });

    await t.step(
      "s3_audit_buckets flags public-by-policy and by-ACL, not Block Public Access",
      async () => {
        const out = await callOk<{ buckets: Row[] }>(client, "s3_audit_buckets", {
          name_contains: RUN,
          max_results: 10,
        });
        const rows = Object.fromEntries(out.buckets.map((r) => [r.bucket, r]));
        equal(rows[byPolicy]?.public, true);
        deepEqual(rows[byPolicy]?.public_via, ["policy"]);
        ok(rows[byPolicy]?.risks?.includes("public"));
        equal(rows[byAcl]?.public, true);
        deepEqual(rows[byAcl]?.public_via, ["acl:AllUsers:READ"]);
        equal(rows[blocked]?.public, false);
        equal(rows[blocked]?.block_bucket, "all");
        ok(!rows[blocked]?.risks?.includes("public"));
        ok(!rows[blocked]?.risks?.includes("block_public_access_off"));
        deepEqual(rows[privateOne], {
          bucket: privateOne,
          region: REGION,
          public: false,
          block_account: "none",
          block_bucket: "none",
          encryption: "aws:kms",
          versioning: "Enabled",
          object_lock: false,
          lifecycle: true,
          logging: false,
          risks: ["block_public_access_off"],
        });
      },
    );

    await t.step(
      "s3_get_bucket_posture adds the policy document, lifecycle rules and tags",
      async () => {
        const out = await callOk<Row & { policy?: { Statement: unknown[] }; tags?: object }>(
          client,
          "s3_get_bucket_posture",
          { bucket: byPolicy },
        );
        equal(out.region, REGION);
        equal(out.public, true);
        equal(out.policy?.Statement.length, 1);
        const kept = await callOk<
          Row & { lifecycle_rules?: { ID?: string }[]; tags?: Record<string, string> }
        >(client, "s3_get_bucket_posture", { bucket: privateOne });
        equal(kept.lifecycle_rules?.[0]?.ID, "expire");
        deepEqual(kept.tags, { team: "data" });
        const missing = await call(client, "s3_get_bucket_posture", { bucket: name("missing") });
        equal(missing.isError, true);
        match(text(missing), /^NoSuchBucket: /);
      },
    );
  } finally {
    await close();
    for (const bucket of all) await dropBucket(s3, bucket);
  }
});

motoTest(
  "s3 bucket tools refuse a bucket outside --regions, and audit reports it per row",
  async (endpoint) => {
    const s3 = await motoS3(endpoint, REGION);
    const bucket = name("fenced");
    await s3.createBucket({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    });
    const { client, close } = await connectMoto(endpoint, "us-east-1", { regions: ["us-east-1"] }, {
      inventory: [...s3Tools],
    });
    try {
      const refused = await call(client, "s3_get_bucket_posture", { bucket });
      equal(refused.isError, true);
      match(text(refused), /^RegionNotAllowed: region eu-south-2 is outside/);
      const audit = await callOk<{ buckets: Row[] }>(client, "s3_audit_buckets", {
        name_contains: `${RUN}-fenced`,
      });
      deepEqual(audit.buckets.map((r) => [r.bucket, r.error?.split(":")[0]]), [[
        bucket,
        "RegionNotAllowed",
      ]]);
      // The bucket list itself is global: listing is not bound by --regions.
      const listed = await callOk<{ buckets: { name: string }[] }>(client, "s3_list_buckets", {
        name_contains: `${RUN}-fenced`,
      });
      deepEqual(listed.buckets.map((b) => b.name), [bucket]);
    } finally {
      await close();
      await dropBucket(s3, bucket);
    }
  },
);
