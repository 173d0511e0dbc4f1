import { deepEqual, equal } from "node:assert/strict";
import { describeAvailabilityZones } from "../../tools/ec2/describe_availability_zones.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// Zones are fixed data in moto: nothing here depends on what other tests create.
const REGION = "eu-west-2";

motoTest(
  "ec2_describe_availability_zones lists the region's zones with their ids",
  async (endpoint) => {
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeAvailabilityZones],
    });
    try {
      const out = await callOk<{ region: string; zones: Record<string, unknown>[] }>(
        client,
        "ec2_describe_availability_zones",
      );
      equal(out.region, REGION);
      // moto leaves out OptInStatus and GroupName, which AWS always sends.
      const zone = (name: string, id: string) => ({
        name,
        id,
        state: "available",
        type: "availability-zone",
      });
      deepEqual(out.zones, [
        zone("eu-west-2a", "euw2-az2"),
        zone("eu-west-2b", "euw2-az3"),
        zone("eu-west-2c", "euw2-az1"),
      ]);
      const all = await callOk<{ zones: Record<string, unknown>[] }>(
        client,
        "ec2_describe_availability_zones",
        { all_zones: true },
      );
      deepEqual(all.zones.map((z) => z.name), ["eu-west-2a", "eu-west-2b", "eu-west-2c"]);
    } finally {
      await close();
    }
  },
);
