import { z } from "zod";
import { mapError } from "../../aws/errors.ts";
import { mapLimit } from "../../aws/limit.ts";
import { listPage } from "../../aws/paging.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { accountBlock, bucketClient, POSTURE_IAM, postureRow, readPosture } from "./_s3.ts";

/** `s3_audit_buckets`: one posture row per bucket, risky settings flagged, failures per row. */
export const auditBuckets = defineTool({
  name: "s3_audit_buckets",
  toolset: "s3",
  title: "Audit S3 buckets",
  description:
    "Every bucket's posture in one table: public (policy, ACL, account/bucket Block Public Access), encryption, versioning, object lock, lifecycle, logging; risks flagged. A bucket that cannot be read gets an error row.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["s3:ListAllMyBuckets", ...POSTURE_IAM],
  input: z.object({
    name_contains: z.string().min(1).max(63).optional(),
    ...pageInput,
  }),
  output: z.object({ buckets: z.array(postureRow), ...pageOutput }),
  async handler(args, ctx) {
    const s3 = await ctx.aws.client("s3");
    const needle = args.name_contains?.toLowerCase();
    const [page, account] = await Promise.all([
      listPage(args, "global", async (token) => {
        const out = await s3.listBuckets({
          MaxBuckets: 1000,
          ...(token ? { ContinuationToken: token } : {}),
        });
        const buckets = (out.Buckets ?? []).filter((b) =>
          !needle || (b.Name ?? "").includes(needle)
        );
        return { items: buckets, nextToken: out.ContinuationToken };
      }),
      accountBlock(ctx),
    ]);
    const { rows, ...more } = page;
    // Four buckets at a time, each asking its eight questions at once: at most 32 in flight.
    const buckets = await mapLimit(rows, 4, async (b) => {
      const name = b.Name ?? "";
      try {
        const { s3: local, region } = await bucketClient(ctx, name, b.BucketRegion);
        return (await readPosture(local, name, region, account)).row;
      } catch (err) {
        // One unreadable bucket (denied, outside --regions, gone) must not hide the others.
        const e = mapError(err, { iam: [], region: "", profile: undefined });
        return { bucket: name, error: `${e.code}: ${e.message}` };
      }
    });
    return { buckets, ...more };
  },
});
