import { deepEqual, ok } from "node:assert/strict";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// Read-only: every moto region has a default VPC, whatever else other files put there.
const REGIONS = ["ca-central-1", "eu-north-1", "sa-east-1"];

motoTest(
  "vpc_list_vpcs over several moto regions returns each region's default VPC under its region",
  async (endpoint) => {
    const { client, close } = await connectMoto(endpoint, "us-east-1");
    try {
      type Out = { regions: { region: string; vpcs: { is_default: boolean }[] }[] };
      const out = await callOk<Out>(client, "vpc_list_vpcs", {
        regions: REGIONS,
        is_default: true,
      });
      // Each region is named once, above its own rows.
      deepEqual(out.regions.map((g) => g.region), REGIONS);
      ok(out.regions.every((g) => g.vpcs.length === 1 && g.vpcs[0]!.is_default));
      const everywhere = await callOk<Out>(client, "vpc_list_vpcs", {
        regions: ["all"],
        is_default: true,
        max_results: 200,
      });
      ok(everywhere.regions.length >= 30, `moto has ${everywhere.regions.length} enabled regions`);
      ok(everywhere.regions.every((g) => g.vpcs.length === 1));
      const counted = await callOk<{ groups: { count: number }[] }>(client, "vpc_list_vpcs", {
        regions: REGIONS,
        group_by: ["is_default"],
      });
      deepEqual(counted.groups, [{ is_default: true, count: 3 }]);
    } finally {
      await close();
    }
  },
);
