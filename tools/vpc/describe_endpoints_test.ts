import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeEndpoints } from "./describe_endpoints.ts";

const VPC = "vpc-0123456789abcdef0";

Deno.test("vpc_describe_endpoints shows route tables for gateway and subnets for interface endpoints", async () => {
  const aws = stubAws({
    ec2: {
      describeVpcEndpoints: () => ({
        VpcEndpoints: [
          {
            VpcEndpointId: "vpce-0123456789abcdef0",
            VpcEndpointType: "Gateway",
            VpcId: VPC,
            ServiceName: "com.amazonaws.eu-west-1.s3",
            State: "available",
            RouteTableIds: ["rtb-0123456789abcdef0"],
            SubnetIds: [],
            Groups: [],
            PrivateDnsEnabled: false,
            PolicyDocument: '{"Statement":[]}',
          },
          {
            VpcEndpointId: "vpce-0123456789abcdef1",
            VpcEndpointType: "Interface",
            VpcId: VPC,
            ServiceName: "com.amazonaws.eu-west-1.ssm",
            State: "pendingAcceptance",
            SubnetIds: ["subnet-0123456789abcdef0"],
            Groups: [{ GroupId: "sg-0123456789abcdef0", GroupName: "endpoints" }],
            PrivateDnsEnabled: true,
            DnsEntries: [{ DnsName: "vpce-1.ssm.eu-west-1.vpce.amazonaws.com" }],
            Tags: [{ Key: "Name", Value: "ssm" }],
          },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeEndpoints] });
  try {
    const out = await callOk(client, "vpc_describe_endpoints", {
      vpc_id: VPC,
      service_name: "com.amazonaws.eu-west-1.s3",
      type: "Gateway",
    });
    deepEqual(out.endpoints, [
      {
        id: "vpce-0123456789abcdef0",
        vpc_id: VPC,
        service_name: "com.amazonaws.eu-west-1.s3",
        type: "Gateway",
        state: "available",
        route_table_ids: ["rtb-0123456789abcdef0"],
      },
      {
        id: "vpce-0123456789abcdef1",
        name: "ssm",
        vpc_id: VPC,
        service_name: "com.amazonaws.eu-west-1.ssm",
        type: "Interface",
        state: "pendingAcceptance",
        subnet_ids: ["subnet-0123456789abcdef0"],
        security_group_ids: ["sg-0123456789abcdef0"],
        private_dns: true,
        dns_names: ["vpce-1.ssm.eu-west-1.vpce.amazonaws.com"],
      },
    ]);
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "vpc-id", Values: [VPC] },
        { Name: "service-name", Values: ["com.amazonaws.eu-west-1.s3"] },
        { Name: "vpc-endpoint-type", Values: ["Gateway"] },
      ],
      MaxResults: 1000,
    });
  } finally {
    await close();
  }
});

Deno.test("vpc_describe_endpoints names a bad type and a malformed id", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [describeEndpoints] });
  try {
    const bad = await call(client, "vpc_describe_endpoints", {
      type: "gateway",
      endpoint_ids: ["vpce-zz"],
    });
    equal(bad.isError, true);
    match(text(bad), /type: Invalid option/);
    match(text(bad), /endpoint_ids\.0: expected an id like vpce-0123456789abcdef0/);
  } finally {
    await close();
  }
});
