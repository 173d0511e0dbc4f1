import { deepEqual } from "node:assert/strict";
import { getInstanceTypeOfferings } from "../../tools/ec2/get_instance_type_offerings.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// Offerings are fixed data in moto: nothing here depends on what other tests create.
const REGION = "ap-northeast-3";

motoTest(
  "ec2_get_instance_type_offerings says which zones offer each type",
  async (endpoint, t) => {
    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [getInstanceTypeOfferings],
    });
    const offerings = (args: Record<string, unknown>) =>
      callOk<Record<string, unknown>>(client, "ec2_get_instance_type_offerings", args);
    try {
      await t.step("by zone name, with a type offered nowhere", async () => {
        deepEqual(
          await offerings({ instance_types: ["t3.micro", "g4dn.xlarge", "p5.48xlarge"] }),
          {
            account: "123456789012",
            region: REGION,
            location_type: "availability-zone",
            offerings: [
              { type: "g4dn.xlarge", locations: ["ap-northeast-3b", "ap-northeast-3c"] },
              {
                type: "t3.micro",
                locations: ["ap-northeast-3a", "ap-northeast-3b", "ap-northeast-3c"],
              },
            ],
            not_offered: ["p5.48xlarge"],
          },
        );
      });

      await t.step("by zone id and by region", async () => {
        const byId = await offerings({
          instance_types: ["g4dn.xlarge"],
          location_type: "availability-zone-id",
        });
        deepEqual(byId.offerings, [{ type: "g4dn.xlarge", locations: ["apne3-az1", "apne3-az2"] }]);
        const byRegion = await offerings({
          instance_types: ["g4dn.xlarge", "p5.48xlarge"],
          location_type: "region",
        });
        deepEqual(byRegion.offerings, [{ type: "g4dn.xlarge", locations: [REGION] }]);
        deepEqual(byRegion.not_offered, ["p5.48xlarge"]);
      });
    } finally {
      await close();
    }
  },
);
