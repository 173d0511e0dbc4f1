import type { Snapshot } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact, shorten } from "../../schemas/compact.ts";
import { idList } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, nameTag, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";
import { percent, SNAPSHOT_STATES } from "./_snapshot.ts";
import { snapshotId, volumeId } from "../../schemas/ids.ts";

const SHORT = 60;

/** The compact row of a snapshot. */
export const snapshotRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  volume_id: z.string().optional(),
  size_gib: z.number().optional(),
  state: z.string().optional(),
  progress: z.number().optional(),
  started: z.string().optional(),
  encrypted: z.boolean().optional(),
  description: z.string().optional(),
  owner: z.string().optional(),
});

/** The compact row of one snapshot: its description cut short (never inside an id), the owner's alias or account. */
export function snapshotSummary(s: Snapshot): z.input<typeof snapshotRow> {
  const description = shorten(s.Description, SHORT);
  return compact({
    id: s.SnapshotId ?? "",
    name: nameTag(s.Tags),
    volume_id: s.VolumeId,
    size_gib: s.VolumeSize,
    state: s.State,
    progress: percent(s.Progress),
    started: s.StartTime?.toISOString(),
    encrypted: s.Encrypted,
    description,
    owner: s.OwnerAlias ?? s.OwnerId,
  });
}

const owner = z.string().regex(/^(self|amazon|aws-marketplace|\d{12})$/, {
  error: "expected self, amazon, aws-marketplace or a 12-digit account id",
});

/** `ebs_list_snapshots`: compact, paged rows of the snapshots that match the filters. */
export const listSnapshots = defineTool({
  name: "ebs_list_snapshots",
  toolset: "ebs_snapshots",
  title: "List EBS snapshots",
  description:
    "List EBS snapshots as compact rows; owners: account ids, self (default) or amazon. Filters AND, paged.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSnapshots"],
  input: z.object({
    owners: z.array(owner).min(1).max(20).optional(),
    snapshot_ids: idList(snapshotId).optional(),
    volume_id: volumeId.optional(),
    states: z.array(z.enum(SNAPSHOT_STATES)).min(1).optional(),
    tags: tagFilter.optional(),
    description_contains: z.string().min(1).max(255).optional(),
    ...pageInput,
  }),
  output: z.object({ snapshots: z.array(snapshotRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({ "volume-id": args.volume_id, status: args.states }, args.tags);
    const owners = args.owners ?? (args.snapshot_ids ? undefined : ["self"]);
    const needle = args.description_contains?.toLowerCase();
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeSnapshots({
        ...(owners ? { OwnerIds: owners } : {}),
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.snapshot_ids ? { SnapshotIds: args.snapshot_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      // Filtered inside each AWS page, so the offset in next_token points at the same row.
      const snapshots = (out.Snapshots ?? []).filter((s) =>
        !needle || (s.Description ?? "").toLowerCase().includes(needle)
      );
      return { items: snapshots.map(snapshotSummary), nextToken: out.NextToken };
    });
    return { snapshots: rows, ...more };
  },
});
