import type { Region } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";

const regionRow = z.object({
  name: z.string(),
  endpoint: z.string().optional(),
  opt_in_status: z.string().optional(),
  enabled: z.boolean(),
});

/** The compact row of one region; only "not-opted-in" regions are disabled for the account. */
export function regionSummary(r: Region): z.input<typeof regionRow> {
  return compact({
    name: r.RegionName ?? "",
    endpoint: r.Endpoint,
    opt_in_status: r.OptInStatus,
    enabled: r.OptInStatus !== "not-opted-in",
  });
}

/** `aws_list_regions`: every region with its EC2 endpoint and whether the account has it enabled. */
export const listRegions = defineTool({
  name: "aws_list_regions",
  toolset: "aws",
  title: "List regions",
  description:
    'Every AWS region of the partition, by name, with its EC2 endpoint and opt-in status ("opt-in-not-required", "opted-in", "not-opted-in"); enabled is false only for regions the account has not opted in to. Paged; max_results 200 returns all at once.',
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["ec2:DescribeRegions"],
  input: z.object({ ...pageInput }),
  output: z.object({ regions: z.array(regionRow), ...pageOutput }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async () => {
      // One call answers for every region; sorted so that page offsets stay stable.
      const out = await ec2.describeRegions({ AllRegions: true });
      const regions = (out.Regions ?? []).map(regionSummary);
      return { items: regions.sort((a, b) => a.name.localeCompare(b.name)) };
    });
    return { regions: rows, ...more };
  },
});
