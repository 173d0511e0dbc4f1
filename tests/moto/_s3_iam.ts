/** Bare SDK clients on moto for seeding S3 and IAM data, as a user's account would have it. */
import { useMotoCredentials } from "../_helpers.ts";

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/** An S3 client on moto (path-style: moto serves every bucket on one host). */
export async function motoS3(endpoint: string, region: string) {
  useMotoCredentials();
  const { S3 } = await import("@aws-sdk/client-s3");
  return new S3({ region, endpoint, credentials, forcePathStyle: true });
}

/** An IAM client on moto. */
export async function motoIam(endpoint: string) {
  useMotoCredentials();
  const { IAM } = await import("@aws-sdk/client-iam");
  return new IAM({ region: "us-east-1", endpoint, credentials });
}

/** Deletes a bucket and everything in it, ignoring what is already gone. */
export async function dropBucket(s3: import("@aws-sdk/client-s3").S3, bucket: string) {
  const listed = await s3.listObjectVersions({ Bucket: bucket }).catch(() => undefined);
  for (const v of [...(listed?.Versions ?? []), ...(listed?.DeleteMarkers ?? [])]) {
    await s3.deleteObject({ Bucket: bucket, Key: v.Key, VersionId: v.VersionId }).catch(() => {});
  }
  await s3.deleteBucket({ Bucket: bucket }).catch(() => {});
}
