import type { EC2 } from "@aws-sdk/client-ec2";

/** The regions enabled for the account (opted in, or not needing opt-in), sorted. */
export async function enabledRegions(ec2: EC2): Promise<string[]> {
  const out = await ec2.describeRegions({ AllRegions: false });
  return (out.Regions ?? []).flatMap((r) => r.RegionName ? [r.RegionName] : []).sort();
}
