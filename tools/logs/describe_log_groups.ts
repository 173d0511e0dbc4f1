import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { logGroupName } from "./_logs.ts";

const groupRow = z.object({
  name: z.string(),
  retention_days: z.int().optional(),
  never_expires: z.literal(true).optional(),
  stored_bytes: z.number().optional(),
  class: z.string().optional(),
  kms_key: z.string().optional(),
  created: z.string().optional(),
});

/** `logs_describe_log_groups`: log groups with retention, size, class and encryption. */
export const describeLogGroups = defineTool({
  name: "logs_describe_log_groups",
  toolset: "logs",
  title: "Describe CloudWatch Logs log groups",
  description:
    "Log groups as compact rows: retention days (never_expires when none), stored bytes, class, KMS key, created. Paged.",
  access: "read",
  idempotent: true,
  iam: ["logs:DescribeLogGroups"],
  input: z.object({ prefix: logGroupName.optional(), ...pageInput }),
  output: z.object({ log_groups: z.array(groupRow), ...pageOutput }),
  async handler(args, ctx) {
    const logs = await ctx.aws.client("logs");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await logs.describeLogGroups({
        ...(args.prefix ? { logGroupNamePrefix: args.prefix } : {}),
        limit: 50,
        ...(token ? { nextToken: token } : {}),
      });
      const items = (out.logGroups ?? []).map((g) =>
        compact({
          name: g.logGroupName ?? "",
          retention_days: g.retentionInDays,
          never_expires: g.retentionInDays === undefined ? true as const : undefined,
          stored_bytes: g.storedBytes,
          class: g.logGroupClass,
          kms_key: g.kmsKeyId,
          created: g.creationTime ? new Date(g.creationTime).toISOString() : undefined,
        })
      );
      return { items, nextToken: out.nextToken };
    });
    return { log_groups: rows, ...more };
  },
});
