import { z } from "zod";
import { mapLimit } from "../../aws/limit.ts";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { bucketRegion } from "./_s3.ts";

/** `s3_list_buckets`: every bucket of the account (a global list), with region and creation time. */
export const listBuckets = defineTool({
  name: "s3_list_buckets",
  toolset: "s3",
  title: "List S3 buckets",
  description: "The account's S3 buckets (all regions): name, region, created.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"],
  input: z.object({
    name_contains: z.string().min(1).max(63).optional(),
    ...pageInput,
  }),
  output: z.object({
    buckets: z.array(z.object({
      name: z.string(),
      region: z.string().optional(),
      created: z.string().optional(),
    })),
    ...pageOutput,
  }),
  async handler(args, ctx) {
    const s3 = await ctx.aws.client("s3");
    const needle = args.name_contains?.toLowerCase();
    const { rows, ...more } = await listPage(args, "global", async (token) => {
      const out = await s3.listBuckets({
        MaxBuckets: 1000,
        ...(token ? { ContinuationToken: token } : {}),
      });
      const buckets = (out.Buckets ?? []).filter((b) => !needle || (b.Name ?? "").includes(needle));
      return { items: buckets, nextToken: out.ContinuationToken };
    });
    // ListBuckets names each bucket's region (older endpoints and emulators do not): ask the rest.
    const buckets = await mapLimit(rows, 8, async (b) =>
      compact({
        name: b.Name ?? "",
        region: b.BucketRegion ?? await bucketRegion(s3, b.Name ?? "").catch(() => undefined),
        created: b.CreationDate?.toISOString(),
      }));
    return { buckets, ...more };
  },
});
