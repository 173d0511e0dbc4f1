import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeAvailabilityZones } from "./describe_availability_zones.ts";

const zones = [
  {
    ZoneName: "us-west-2a",
    ZoneId: "usw2-az2",
    State: "available",
    ZoneType: "availability-zone",
    OptInStatus: "opt-in-not-required",
    GroupName: "us-west-2-zg-1",
    RegionName: "us-west-2",
    NetworkBorderGroup: "us-west-2",
    Messages: [],
  },
  {
    ZoneName: "us-west-2-lax-1a",
    ZoneId: "usw2-lax1-az1",
    State: "available",
    ZoneType: "local-zone",
    OptInStatus: "not-opted-in",
    GroupName: "us-west-2-lax-1",
    RegionName: "us-west-2",
    NetworkBorderGroup: "us-west-2-lax-1",
    ParentZoneName: "us-west-2d",
  },
];

Deno.test("ec2_describe_availability_zones asks AllAvailabilityZones only when all_zones is set", async () => {
  const aws = stubAws({ ec2: { describeAvailabilityZones: () => ({ AvailabilityZones: zones }) } });
  const { client, close } = await connect({}, { aws, inventory: [describeAvailabilityZones] });
  try {
    const out = await callOk(client, "ec2_describe_availability_zones", { all_zones: true });
    deepEqual(out.zones, [
      {
        name: "us-west-2a",
        id: "usw2-az2",
        state: "available",
        type: "availability-zone",
        opt_in_status: "opt-in-not-required",
        group: "us-west-2-zg-1",
      },
      {
        name: "us-west-2-lax-1a",
        id: "usw2-lax1-az1",
        state: "available",
        type: "local-zone",
        opt_in_status: "not-opted-in",
        group: "us-west-2-lax-1",
        parent_zone: "us-west-2d",
        network_border_group: "us-west-2-lax-1",
      },
    ]);
    await callOk(client, "ec2_describe_availability_zones", {});
    deepEqual(aws.calls.map((c) => c.input), [{ AllAvailabilityZones: true }, {}]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_availability_zones names a non-boolean all_zones", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeAvailabilityZones],
  });
  try {
    const bad = await call(client, "ec2_describe_availability_zones", { all_zones: "yes" });
    equal(bad.isError, true);
    match(text(bad), /all_zones: .*boolean/);
  } finally {
    await close();
  }
});
