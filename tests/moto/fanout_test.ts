import { deepEqual, equal, ok } from "node:assert/strict";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// Read-only: every moto region has a default VPC, whatever else other files put there.
const REGIONS = ["ca-central-1", "eu-north-1", "sa-east-1"];

motoTest(
  "vpc_list_vpcs over several moto regions returns each region's default VPC, tagged",
  async (endpoint) => {
    const { client, close } = await connectMoto(endpoint, "us-east-1");
    try {
      const out = await callOk<
        { regions: string[]; vpcs: { region: string; is_default: boolean }[] }
      >(
        client,
        "vpc_list_vpcs",
        { regions: REGIONS, is_default: true },
      );
      deepEqual(out.regions, REGIONS);
      deepEqual(out.vpcs.map((v) => v.region).sort(), REGIONS);
      ok(out.vpcs.every((v) => v.is_default));
      const all = await callOk<{ regions: string[] }>(client, "aws_list_regions", {
        max_results: 200,
      });
      ok(all.regions === undefined || Array.isArray(all.regions));
      const everywhere = await callOk<{ regions: string[]; vpcs: unknown[] }>(
        client,
        "vpc_list_vpcs",
        {
          regions: ["all"],
          is_default: true,
          max_results: 200,
        },
      );
      ok(everywhere.regions.length >= 30, `moto has ${everywhere.regions.length} enabled regions`);
      equal(everywhere.vpcs.length, everywhere.regions.length);
    } finally {
      await close();
    }
  },
);
