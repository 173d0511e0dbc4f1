import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getBucketPosture } from "./get_bucket_posture.ts";

const missing = (name: string) => () => Promise.reject(Object.assign(new Error(name), { name }));
const policy = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" }],
};

Deno.test("s3_get_bucket_posture asks in the bucket's region and decodes its policy", async () => {
  const regions: string[] = [];
  const stub = stubAws({
    s3control: { getPublicAccessBlock: missing("NoSuchPublicAccessBlockConfiguration") },
    s3: {
      getBucketLocation: () => ({}),
      getBucketPolicyStatus: () => ({ PolicyStatus: { IsPublic: true } }),
      getBucketAcl: () => ({ Grants: [] }),
      getPublicAccessBlock: () => ({
        PublicAccessBlockConfiguration: { RestrictPublicBuckets: true },
      }),
      getBucketEncryption: missing("ServerSideEncryptionConfigurationNotFoundError"),
      getBucketVersioning: () => ({}),
      getObjectLockConfiguration: () => ({
        ObjectLockConfiguration: { ObjectLockEnabled: "Enabled" },
      }),
      getBucketLifecycleConfiguration: () => ({
        Rules: [{ ID: "expire", Status: "Enabled", Expiration: { Days: 30 }, Filter: {} }],
      }),
      getBucketLogging: () => ({}),
      getBucketPolicy: () => ({ Policy: JSON.stringify(policy) }),
      getBucketReplication: missing("ReplicationConfigurationNotFoundError"),
      getBucketTagging: () => ({ TagSet: [{ Key: "env", Value: "prod" }] }),
      getBucketOwnershipControls: () => ({
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      }),
    },
  }, { region: "eu-west-1" });
  const aws = {
    ...stub,
    scope: (region: string, signal: AbortSignal) => {
      const scope = stub.scope(region, signal);
      return {
        ...scope,
        client: ((service: "s3", other?: string) => {
          regions.push(`${service}:${other ?? region}`);
          return scope.client(service, other);
        }) as typeof scope.client,
      };
    },
  };
  const { client, close } = await connect({ region: "eu-west-1" }, {
    aws,
    inventory: [getBucketPosture],
  });
  try {
    const out = await callOk(client, "s3_get_bucket_posture", { bucket: "site" });
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      bucket: "site",
      public: false,
      block_account: "none",
      block_bucket: "RestrictPublicBuckets",
      encryption: "none",
      versioning: "Disabled",
      object_lock: true,
      lifecycle: true,
      logging: false,
      risks: ["block_public_access_off", "unencrypted", "unversioned"],
      policy,
      lifecycle_rules: [{ ID: "expire", Status: "Enabled", Expiration: { Days: 30 } }],
      ownership: "BucketOwnerEnforced",
      tags: { env: "prod" },
    });
    // An empty LocationConstraint is us-east-1: the bucket's calls go there.
    deepEqual(regions.filter((r) => r.startsWith("s3:")), ["s3:eu-west-1", "s3:us-east-1"]);
  } finally {
    await close();
  }
});

Deno.test("s3_get_bucket_posture names a bad bucket name and refuses a region outside --regions", async () => {
  const aws = stubAws({ s3: { getBucketLocation: () => ({ LocationConstraint: "ap-south-1" }) } }, {
    region: "eu-west-1",
  });
  const { client, close } = await connect({ region: "eu-west-1", regions: ["eu-west-1"] }, {
    aws,
    inventory: [getBucketPosture],
  });
  try {
    match(
      text(await call(client, "s3_get_bucket_posture", { bucket: "UPPER" })),
      /^InvalidInput: bucket: expected an S3 bucket name/,
    );
    const refused = await call(client, "s3_get_bucket_posture", { bucket: "far-away" });
    equal(refused.isError, true);
    match(text(refused), /^RegionNotAllowed: region ap-south-1 is outside/);
    deepEqual(aws.calls.map((c) => c.method), ["getBucketLocation"]);
  } finally {
    await close();
  }
});
