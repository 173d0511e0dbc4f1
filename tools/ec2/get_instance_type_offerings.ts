import type { InstanceTypeOffering } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { fitBytes } from "../../schemas/compact.ts";
import { allPages } from "../../aws/paging.ts";
import { defineTool } from "../tool.ts";
import { instanceTypePatterns } from "./describe_instance_types.ts";

const LOCATION_TYPES = ["availability-zone", "availability-zone-id", "region"] as const;

const offeringRow = z.object({ type: z.string(), locations: z.array(z.string()) });

/** Offerings grouped per instance type, types and locations sorted by name. */
export function groupOfferings(
  offerings: readonly InstanceTypeOffering[],
): z.input<typeof offeringRow>[] {
  const byType = new Map<string, Set<string>>();
  for (const o of offerings) {
    if (!o.InstanceType || !o.Location) continue;
    const locations = byType.get(o.InstanceType) ?? new Set<string>();
    locations.add(o.Location);
    byType.set(o.InstanceType, locations);
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, locations]) => ({ type, locations: [...locations].sort() }));
}

/** `ec2_get_instance_type_offerings`: which zones (or whether the region) offer given types. */
export const getInstanceTypeOfferings = defineTool({
  name: "ec2_get_instance_type_offerings",
  toolset: "ec2_launch",
  title: "Get instance type offerings",
  description:
    'Which availability zones (names, or ids with location_type "availability-zone-id") offer the given instance types; "region" says whether this region does. Types offered nowhere are in not_offered. Check before launching a type in a zone.',
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstanceTypeOfferings"],
  input: z.object({
    instance_types: instanceTypePatterns.describe("Wildcards ok: m7g.*"),
    location_type: z.enum(LOCATION_TYPES).optional().describe("Default availability-zone"),
  }),
  output: z.object({
    location_type: z.enum(LOCATION_TYPES),
    offerings: z.array(offeringRow),
    not_offered: z.array(z.string()).optional(),
    omitted: z.int().optional(),
  }),
  async handler(args, ctx) {
    const locationType = args.location_type ?? "availability-zone";
    const ec2 = await ctx.aws.client("ec2");
    const offerings = await allPages(async (token) => {
      const out = await ec2.describeInstanceTypeOfferings({
        LocationType: locationType,
        Filters: [{ Name: "instance-type", Values: args.instance_types }],
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.InstanceTypeOfferings ?? [], nextToken: out.NextToken };
    });
    const grouped = groupOfferings(offerings);
    const offered = new Set(grouped.map((g) => g.type));
    // Only literal names can be missing; a wildcard that matches nothing just adds no rows.
    const missing = [...new Set(args.instance_types)]
      .filter((t) => !/[*?]/.test(t) && !offered.has(t))
      .sort();
    const { items, omitted } = fitBytes(grouped);
    return {
      location_type: locationType,
      offerings: items,
      ...(missing.length ? { not_offered: missing } : {}),
      ...(omitted ? { omitted } : {}),
    };
  },
});
