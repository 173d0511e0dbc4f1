import type { AvailabilityZone } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";

const zoneRow = z.object({
  name: z.string(),
  id: z.string().optional(),
  state: z.string().optional(),
  type: z.string().optional(),
  opt_in_status: z.string().optional(),
  group: z.string().optional(),
  parent_zone: z.string().optional(),
  network_border_group: z.string().optional(),
});

/** The compact row of one zone; the zone id names the same physical zone in every account. */
export function zoneSummary(zone: AvailabilityZone): z.input<typeof zoneRow> {
  return compact({
    name: zone.ZoneName ?? "",
    id: zone.ZoneId,
    state: zone.State,
    type: zone.ZoneType,
    opt_in_status: zone.OptInStatus,
    group: zone.GroupName,
    parent_zone: zone.ParentZoneName,
    // Equal to the region for ordinary zones: only worth a field for Local/Wavelength zones.
    network_border_group: zone.NetworkBorderGroup && zone.NetworkBorderGroup !== zone.RegionName
      ? zone.NetworkBorderGroup
      : undefined,
  });
}

/** `ec2_describe_availability_zones`: the region's zones with ids, state, type and opt-in. */
export const describeAvailabilityZones = defineTool({
  name: "ec2_describe_availability_zones",
  toolset: "ec2_launch",
  title: "Describe availability zones",
  description:
    "The region's availability zones: name, zone id (the same physical zone in every account, unlike names), state, type, opt-in status, group. all_zones adds Local and Wavelength zones and those not opted in.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeAvailabilityZones"],
  input: z.object({
    all_zones: z.boolean().optional(),
  }),
  output: z.object({ zones: z.array(zoneRow) }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeAvailabilityZones(
      args.all_zones ? { AllAvailabilityZones: true } : {},
    );
    return { zones: (out.AvailabilityZones ?? []).map(zoneSummary) };
  },
});
