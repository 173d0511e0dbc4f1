import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getInstanceTypeOfferings } from "./get_instance_type_offerings.ts";

const offer = (type: string, location: string, locationType = "availability-zone") => ({
  InstanceType: type,
  Location: location,
  LocationType: locationType,
});

Deno.test("ec2_get_instance_type_offerings groups zones per type across pages and names types offered nowhere", async () => {
  const aws = stubAws({
    ec2: {
      describeInstanceTypeOfferings: (input: { NextToken?: string }) =>
        input.NextToken
          ? {
            InstanceTypeOfferings: [
              offer("p5.48xlarge", "eu-west-1b"),
              offer("t3.micro", "eu-west-1a"),
            ],
          }
          : {
            InstanceTypeOfferings: [
              offer("t3.micro", "eu-west-1c"),
              offer("t3.micro", "eu-west-1b"),
            ],
            NextToken: "p2",
          },
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceTypeOfferings] });
  try {
    const out = await callOk(client, "ec2_get_instance_type_offerings", {
      instance_types: ["t3.micro", "p5.48xlarge", "x9.huge", "zz*"],
    });
    deepEqual(out.location_type, "availability-zone");
    deepEqual(out.offerings, [
      { type: "p5.48xlarge", locations: ["eu-west-1b"] },
      { type: "t3.micro", locations: ["eu-west-1a", "eu-west-1b", "eu-west-1c"] },
    ]);
    deepEqual(out.not_offered, ["x9.huge"]);
    const filters = [{
      Name: "instance-type",
      Values: ["t3.micro", "p5.48xlarge", "x9.huge", "zz*"],
    }];
    deepEqual(aws.calls.map((c) => c.input), [
      { LocationType: "availability-zone", Filters: filters, MaxResults: 1000 },
      { LocationType: "availability-zone", Filters: filters, MaxResults: 1000, NextToken: "p2" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_get_instance_type_offerings passes location_type region", async () => {
  const aws = stubAws({
    ec2: {
      describeInstanceTypeOfferings: () => ({
        InstanceTypeOfferings: [offer("t3.micro", "eu-west-1", "region")],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getInstanceTypeOfferings] });
  try {
    const out = await callOk(client, "ec2_get_instance_type_offerings", {
      instance_types: ["t3.micro"],
      location_type: "region",
    });
    deepEqual(out.offerings, [{ type: "t3.micro", locations: ["eu-west-1"] }]);
    equal(out.not_offered, undefined);
    equal((aws.calls[0]?.input as { LocationType: string }).LocationType, "region");
  } finally {
    await close();
  }
});

Deno.test("ec2_get_instance_type_offerings needs instance_types and a known location_type", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [getInstanceTypeOfferings],
  });
  try {
    const bad = await call(client, "ec2_get_instance_type_offerings", { location_type: "zone" });
    equal(bad.isError, true);
    match(text(bad), /instance_types: .*array/);
    match(text(bad), /location_type: Invalid option/);
  } finally {
    await close();
  }
});
