import { deepEqual, equal, match } from "node:assert/strict";
import { call, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeSpotRequest } from "./describe_spot_request.ts";

const SCRIPT = "#!/bin/bash\nexport API_TOKEN=abc123\n";
const REQUEST = {
  SpotInstanceRequestId: "sir-abcd1234",
  State: "failed",
  Status: { Code: "bad-parameters", Message: "bad AMI", UpdateTime: new Date("2026-01-02Z") },
  Fault: { Code: "InvalidAMIID.NotFound", Message: "The image id does not exist" },
  Type: "one-time",
  SpotPrice: "0.05",
  CreateTime: new Date("2026-01-01T00:00:00Z"),
  Tags: [],
  LaunchSpecification: {
    ImageId: "ami-0123456789abcdef0",
    InstanceType: "t3.micro",
    UserData: btoa(SCRIPT),
    SecurityGroups: [],
    Monitoring: { Enabled: false },
  },
};

async function run(requests: unknown[], revealSecrets = false) {
  const aws = stubAws({
    ec2: { describeSpotInstanceRequests: () => ({ SpotInstanceRequests: requests }) },
  });
  const { client, close } = await connect({ revealSecrets }, {
    aws,
    inventory: [describeSpotRequest],
  });
  try {
    const result = await call(client, "ec2_describe_spot_request", {
      spot_request_id: "sir-abcd1234",
      region: "eu-west-1",
    });
    return { result, calls: aws.calls };
  } finally {
    await close();
  }
}

Deno.test("ec2_describe_spot_request returns the pruned AWS shape with user data masked", async () => {
  const { result, calls } = await run([REQUEST]);
  deepEqual(calls.map((c) => [c.method, c.input]), [
    ["describeSpotInstanceRequests", { SpotInstanceRequestIds: ["sir-abcd1234"] }],
  ]);
  equal(result.isError, undefined);
  deepEqual(result.structuredContent, {
    account: "123456789012",
    region: "eu-west-1",
    spot_request: {
      SpotInstanceRequestId: "sir-abcd1234",
      State: "failed",
      Status: {
        Code: "bad-parameters",
        Message: "bad AMI",
        UpdateTime: "2026-01-02T00:00:00.000Z",
      },
      Fault: { Code: "InvalidAMIID.NotFound", Message: "The image id does not exist" },
      Type: "one-time",
      SpotPrice: "0.05",
      CreateTime: "2026-01-01T00:00:00.000Z",
      LaunchSpecification: {
        ImageId: "ami-0123456789abcdef0",
        InstanceType: "t3.micro",
        UserData: "#!/bin/bash\nexport API_TOKEN=***MASKED***\n",
        Monitoring: { Enabled: false },
      },
    },
    masked_values: 1,
  });
});

Deno.test("ec2_describe_spot_request shows user data as is with --reveal-secrets", async () => {
  const { result } = await run([REQUEST], true);
  const out = result.structuredContent as {
    spot_request: { LaunchSpecification: { UserData: string } };
    masked_values: number;
  };
  equal(out.spot_request.LaunchSpecification.UserData, SCRIPT);
  equal(out.masked_values, 0);
});

Deno.test("ec2_describe_spot_request reports an id that AWS answers with no request", async () => {
  const { result } = await run([]);
  equal(result.isError, true);
  match(
    text(result),
    /^InvalidSpotInstanceRequestID\.NotFound: the spot instance request sir-abcd1234 does not exist — check the id exists in eu-west-1/,
  );
});

Deno.test("ec2_describe_spot_request names a malformed request id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeSpotRequest],
  });
  try {
    const bad = await call(client, "ec2_describe_spot_request", { spot_request_id: "i-1" });
    equal(bad.isError, true);
    match(text(bad), /spot_request_id: expected an id like sir-abcd1234/);
    const missing = await call(client, "ec2_describe_spot_request", {});
    match(text(missing), /spot_request_id: Invalid input/);
  } finally {
    await close();
  }
});
