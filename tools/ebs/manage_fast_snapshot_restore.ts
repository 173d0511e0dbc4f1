import type {
  DisableFastSnapshotRestoresResult,
  EnableFastSnapshotRestoresResult,
} from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { snapshotId } from "../../schemas/ids.ts";

const zone = z.string().regex(/^[a-z]{2}(-[a-z0-9]+)+[a-z]$/, {
  error: "expected an Availability Zone name such as us-east-1a",
});

const resultRow = z.object({
  snapshot_id: z.string(),
  zone: z.string(),
  state: z.string().optional(),
  error: z.string().optional(),
});

type Row = z.input<typeof resultRow>;

// Enable and Disable answer in the same shape.
type Outcome = EnableFastSnapshotRestoresResult | DisableFastSnapshotRestoresResult;

/** One row per requested snapshot × zone, in request order, then anything else AWS reported. */
export function restoreRows(
  snapshotIds: readonly string[],
  zones: readonly string[],
  out: Outcome,
): Row[] {
  const rows = new Map<string, Row>();
  const key = (s: string, z: string) => `${s} ${z}`;
  for (const s of snapshotIds) {
    for (const z of zones) rows.set(key(s, z), { snapshot_id: s, zone: z });
  }
  for (const item of out.Successful ?? []) {
    const s = item.SnapshotId ?? "";
    const z = item.AvailabilityZone ?? "";
    rows.set(key(s, z), compact({ snapshot_id: s, zone: z, state: item.State }));
  }
  for (const item of out.Unsuccessful ?? []) {
    const s = item.SnapshotId ?? "";
    for (const failure of item.FastSnapshotRestoreStateErrors ?? []) {
      const z = failure.AvailabilityZone ?? "";
      const error = [failure.Error?.Code, failure.Error?.Message?.replace(/\s+/g, " ").trim()]
        .filter(Boolean).join(": ");
      rows.set(key(s, z), { snapshot_id: s, zone: z, error: error || "unknown error" });
    }
  }
  // A pair AWS said nothing about is reported as such rather than silently left out.
  return [...rows.values()].map((row) =>
    row.state || row.error ? row : { ...row, error: "not reported by AWS" }
  );
}

/** `ebs_manage_fast_snapshot_restore`: enables or disables FSR per snapshot and zone. */
export const manageFastSnapshotRestore = defineTool({
  name: "ebs_manage_fast_snapshot_restore",
  toolset: "ebs_snapshots",
  title: "Enable or disable fast snapshot restore",
  description:
    "Enable or disable fast snapshot restore (volumes created from the snapshot are fully initialized at once; billed per snapshot-zone hour) in zones of region. Returns each snapshot × zone's state (enabling, disabling…) or error.",
  access: "write",
  idempotent: true,
  iam: [
    "ec2:EnableFastSnapshotRestores",
    "ec2:DisableFastSnapshotRestores",
    "ec2:DescribeTags",
  ],
  input: z.object({
    action: z.enum(["enable", "disable"]),
    snapshot_ids: z.array(snapshotId).min(1).max(50),
    zones: z.array(zone).min(1).max(10).describe("e.g. us-east-1a"),
  }),
  output: z.object({ action: z.string(), results: z.array(resultRow) }),
  async handler(input, ctx) {
    const outside = input.zones.filter((z) => !z.startsWith(`${ctx.region}`));
    if (outside.length) {
      throw new ToolError(
        "InvalidInput",
        `zones: ${outside.join(", ")} not in ${ctx.region}`,
        "pass zones of the call's region (ec2_describe_availability_zones), or another region",
      );
    }
    const snapshots = [...new Set(input.snapshot_ids)];
    const zones = [...new Set(input.zones)];
    await ctx.guard.requireTag(snapshots);
    const ec2 = await ctx.aws.client("ec2");
    const request = { SourceSnapshotIds: snapshots, AvailabilityZones: zones, DryRun: ctx.dryRun };
    const out = input.action === "enable"
      ? await ec2.enableFastSnapshotRestores(request)
      : await ec2.disableFastSnapshotRestores(request);
    return { action: input.action, results: restoreRows(snapshots, zones, out) };
  },
});
