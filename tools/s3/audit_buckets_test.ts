import { deepEqual } from "node:assert/strict";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { auditBuckets } from "./audit_buckets.ts";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const notFound = (name: string) => () => Promise.reject(Object.assign(new Error(name), { name }));

Deno.test("s3_audit_buckets: account Block Public Access neutralises a public ACL; failures are rows", async () => {
  const aws = stubAws({
    s3control: {
      getPublicAccessBlock: () => ({
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true },
      }),
    },
    s3: {
      listBuckets: () => ({
        Buckets: [
          { Name: "acl-public", BucketRegion: "eu-west-1" },
          { Name: "policy-public", BucketRegion: "eu-west-1" },
          { Name: "denied", BucketRegion: "eu-west-1" },
        ],
      }),
      getBucketPolicyStatus: (i: { Bucket: string }) =>
        i.Bucket === "policy-public"
          ? { PolicyStatus: { IsPublic: true } }
          : Promise.reject(Object.assign(new Error("none"), { name: "NoSuchBucketPolicy" })),
      getBucketAcl: (i: { Bucket: string }) =>
        i.Bucket === "denied"
          ? Promise.reject(Object.assign(new Error("Access Denied"), { name: "AccessDenied" }))
          : { Grants: [{ Grantee: { Type: "Group", URI: ALL_USERS }, Permission: "READ" }] },
      getPublicAccessBlock: notFound("NoSuchPublicAccessBlockConfiguration"),
      getBucketEncryption: () => ({
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
      }),
      getBucketVersioning: () => ({ Status: "Suspended" }),
      getObjectLockConfiguration: notFound("ObjectLockConfigurationNotFoundError"),
      getBucketLifecycleConfiguration: notFound("NoSuchLifecycleConfiguration"),
      getBucketLogging: () => ({ LoggingEnabled: { TargetBucket: "logs" } }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [auditBuckets] });
  try {
    const out = await callOk<{ buckets: unknown[] }>(client, "s3_audit_buckets", {});
    const common = {
      region: "eu-west-1",
      block_account: "BlockPublicAcls,IgnorePublicAcls",
      block_bucket: "none",
      encryption: "AES256",
      versioning: "Suspended",
      object_lock: false,
      lifecycle: false,
      logging: true,
    };
    deepEqual(out.buckets, [
      {
        bucket: "acl-public",
        public: false,
        ...common,
        risks: ["block_public_access_off", "unversioned"],
      },
      {
        bucket: "policy-public",
        public: true,
        public_via: ["policy"],
        ...common,
        risks: ["public", "block_public_access_off", "unversioned"],
      },
      { bucket: "denied", error: "AccessDenied: Access Denied" },
    ]);
  } finally {
    await close();
  }
});
