import { auditBuckets } from "./audit_buckets.ts";
import { getBucketPosture } from "./get_bucket_posture.ts";
import { getObject } from "./get_object.ts";
import { listBuckets } from "./list_buckets.ts";
import { listObjects } from "./list_objects.ts";

/** S3 tools, read-only: buckets, their exposure and settings, objects and text content. */
export const s3Tools = [listBuckets, auditBuckets, getBucketPosture, listObjects, getObject];
