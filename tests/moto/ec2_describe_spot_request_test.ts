import { deepEqual, equal, match } from "node:assert/strict";
import { describeSpotRequest } from "../../tools/ec2/describe_spot_request.ts";
import {
  call,
  callOk,
  connectMoto,
  motoEc2,
  motoImageId,
  motoTest,
  tagSpecs,
  text,
} from "../_helpers.ts";

// moto's state is global: this file works in eu-central-1 and only reads the request it makes.
const REGION = "eu-central-1";
const RUN = crypto.randomUUID();

interface Out {
  spot_request: Record<string, unknown> & { LaunchSpecification?: Record<string, unknown> };
  masked_values: number;
  region: string;
}

motoTest("ec2_describe_spot_request shows one request in the AWS shape", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const imageId = await motoImageId(ec2);
  const made = await ec2.requestSpotInstances({
    InstanceCount: 1,
    Type: "one-time",
    SpotPrice: "0.07",
    LaunchSpecification: {
      ImageId: imageId,
      InstanceType: "t3.small",
      Placement: { AvailabilityZone: `${REGION}b` },
      UserData: btoa("#!/bin/bash\nexport API_TOKEN=abc123\n"),
    },
    TagSpecifications: tagSpecs("spot-instances-request", { run: RUN }),
  });
  const spot = made.SpotInstanceRequests?.[0];
  const id = spot?.SpotInstanceRequestId as string;

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeSpotRequest],
  });
  try {
    await t.step("the request comes back pruned, with its launch specification", async () => {
      const out = await callOk<Out>(client, "ec2_describe_spot_request", { spot_request_id: id });
      equal(out.region, REGION);
      const s = out.spot_request;
      deepEqual(
        [s.SpotInstanceRequestId, s.State, s.Type, s.InstanceId, s.SpotPrice, s.CreateTime],
        [
          id,
          "active",
          "one-time",
          spot?.InstanceId,
          spot?.SpotPrice,
          spot?.CreateTime?.toISOString(),
        ],
      );
      deepEqual(s.Status, {
        Code: "fulfilled",
        UpdateTime: spot?.Status?.UpdateTime?.toISOString(),
      });
      deepEqual(s.Tags, [{ Key: "run", Value: RUN }]);
      equal(s.LaunchSpecification?.ImageId, imageId);
      equal(s.LaunchSpecification?.InstanceType, "t3.small");
      deepEqual(s.LaunchSpecification?.Placement, { AvailabilityZone: `${REGION}b` });
      // moto drops UserData from the launch specification (AWS keeps it): masked if present.
      if (s.LaunchSpecification?.UserData === undefined) {
        equal(out.masked_values, 0);
      } else {
        equal(s.LaunchSpecification.UserData, "#!/bin/bash\nexport API_TOKEN=***MASKED***\n");
        equal(out.masked_values, 1);
      }
    });

    await t.step("an unknown request id is a not-found error naming it", async () => {
      const result = await call(client, "ec2_describe_spot_request", {
        spot_request_id: "sir-abcd1234",
      });
      equal(result.isError, true);
      match(
        text(result),
        /^InvalidSpotInstanceRequestID\.NotFound: .*sir-abcd1234 .* — check the id exists in eu-central-1/,
      );
    });
  } finally {
    await close();
  }
});
