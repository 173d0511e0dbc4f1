import type { ListObjectsV2CommandOutput } from "@aws-sdk/client-s3";
import { z } from "zod";
import { collectPages, listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { bucketClient, bucketName } from "./_s3.ts";

/** Keys a sorted listing reads at most (10 ListObjectsV2 pages). */
const SORT_PAGES = 10;

const objectRow = z.object({
  key: z.string(),
  size: z.number().optional(),
  modified: z.string().optional(),
  class: z.string().optional(),
  folder: z.boolean().optional(),
});
type ObjectRow = z.input<typeof objectRow>;

function rowsOf(out: ListObjectsV2CommandOutput): ObjectRow[] {
  return [
    ...(out.CommonPrefixes ?? []).map((p) => ({ key: p.Prefix ?? "", folder: true })),
    ...(out.Contents ?? []).map((o) =>
      compact({
        key: o.Key ?? "",
        size: o.Size,
        modified: o.LastModified?.toISOString(),
        class: o.StorageClass,
      })
    ),
  ];
}

/** `s3_list_objects`: a bucket's keys (and "folders" with a delimiter), paged, optionally sorted. */
export const listObjects = defineTool({
  name: "s3_list_objects",
  toolset: "s3",
  title: "List S3 objects",
  description:
    'Objects in a bucket: key, size, modified, storage class; delimiter "/" folds keys into folder rows. sort newest/largest reads up to 10,000 keys. Page totals.',
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["s3:GetBucketLocation", "s3:ListBucket"],
  input: z.object({
    bucket: bucketName,
    prefix: z.string().max(1024).optional(),
    delimiter: z.string().min(1).max(8).optional(),
    sort: z.enum(["newest", "largest"]).optional(),
    ...pageInput,
  }),
  output: z.object({
    region: z.string().describe("The bucket's"),
    objects: z.array(objectRow),
    count: z.int(),
    bytes: z.number(),
    sorted_partial: z.boolean().optional().describe("sort saw only the first 10,000 keys"),
    ...pageOutput,
  }),
  async handler(args, ctx) {
    const { s3, region } = await bucketClient(ctx, args.bucket);
    const fetch = async (token: string | undefined) => {
      const out = await s3.listObjectsV2({
        Bucket: args.bucket,
        ...(args.prefix ? { Prefix: args.prefix } : {}),
        ...(args.delimiter ? { Delimiter: args.delimiter } : {}),
        ...(token ? { ContinuationToken: token } : {}),
      });
      return { items: rowsOf(out), nextToken: out.NextContinuationToken };
    };
    let partial = false;
    const page = await listPage(args, region, async (token) => {
      if (!args.sort) return await fetch(token);
      // Sorting needs every key first: one bounded read, re-read identically for each page.
      const all = await collectPages(fetch, SORT_PAGES);
      partial = !all.complete;
      const by = args.sort === "newest"
        ? (r: ObjectRow) => r.modified ?? ""
        : (r: ObjectRow) => String(r.size ?? 0).padStart(16, "0");
      const sorted = all.items.sort((a, b) =>
        Number(b.folder ?? false) - Number(a.folder ?? false) || by(b).localeCompare(by(a)) ||
        a.key.localeCompare(b.key)
      );
      return { items: sorted };
    });
    const objects = page.rows;
    return {
      region,
      objects,
      count: objects.filter((o) => !o.folder).length,
      bytes: objects.reduce((sum, o) => sum + (o.size ?? 0), 0),
      ...(partial ? { sorted_partial: true } : {}),
      ...(page.next_token ? { next_token: page.next_token } : {}),
    };
  },
});
