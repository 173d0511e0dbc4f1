import { deepEqual, equal, match } from "node:assert/strict";
import { describeEndpoints } from "../../tools/vpc/describe_endpoints.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file shares ap-northeast-3 and works only in a VPC it creates.
const REGION = "ap-northeast-3";
const RUN = crypto.randomUUID();

interface Endpoint {
  id: string;
  type?: string;
}

motoTest("vpc_describe_endpoints shows gateway and interface endpoints", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const tags = (name: string) => tagSpecs("vpc-endpoint", { run: RUN, Name: name });
  const vpcId = (await ec2.createVpc({ CidrBlock: "10.45.0.0/16" })).Vpc?.VpcId as string;
  const subnetId = (await ec2.createSubnet({
    VpcId: vpcId,
    CidrBlock: "10.45.0.0/24",
    AvailabilityZone: "ap-northeast-3a",
  })).Subnet?.SubnetId as string;
  const tableId = (await ec2.createRouteTable({ VpcId: vpcId })).RouteTable
    ?.RouteTableId as string;
  const groupId = (await ec2.createSecurityGroup({
    VpcId: vpcId,
    GroupName: `endpoints-${RUN}`,
    Description: "endpoints",
  })).GroupId as string;
  const s3 = (await ec2.createVpcEndpoint({
    VpcId: vpcId,
    VpcEndpointType: "Gateway",
    ServiceName: `com.amazonaws.${REGION}.s3`,
    RouteTableIds: [tableId],
    TagSpecifications: tags("s3"),
  })).VpcEndpoint;
  const ssm = (await ec2.createVpcEndpoint({
    VpcId: vpcId,
    VpcEndpointType: "Interface",
    ServiceName: `com.amazonaws.${REGION}.ssm`,
    SubnetIds: [subnetId],
    SecurityGroupIds: [groupId],
    PrivateDnsEnabled: true,
    TagSpecifications: tags("ssm"),
  })).VpcEndpoint;
  const s3Row = {
    id: s3?.VpcEndpointId as string,
    name: "s3",
    vpc_id: vpcId,
    service_name: `com.amazonaws.${REGION}.s3`,
    type: "Gateway",
    state: "available",
    route_table_ids: [tableId],
  };
  // moto names the interface endpoint's DNS entry itself: taken from what it created.
  const dnsName = ssm?.DnsEntries?.[0]?.DnsName as string;
  match(dnsName, new RegExp(`^${ssm?.VpcEndpointId}`));
  const ssmRow = {
    id: ssm?.VpcEndpointId as string,
    name: "ssm",
    vpc_id: vpcId,
    service_name: `com.amazonaws.${REGION}.ssm`,
    type: "Interface",
    state: "available",
    subnet_ids: [subnetId],
    security_group_ids: [groupId],
    private_dns: true,
    dns_names: [dnsName],
  };

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeEndpoints],
  });
  const describe = (args: Record<string, unknown>) =>
    callOk<{ region: string; endpoints: Endpoint[] }>(client, "vpc_describe_endpoints", args);
  try {
    await t.step("a VPC's endpoints come back as compact rows", async () => {
      const out = await describe({ vpc_id: vpcId });
      equal(out.region, REGION);
      deepEqual(
        [...out.endpoints].sort((a, b) => a.id.localeCompare(b.id)),
        [s3Row, ssmRow].sort((a, b) => a.id.localeCompare(b.id)),
      );
    });

    await t.step("type, service name and ids narrow the list", async () => {
      deepEqual((await describe({ vpc_id: vpcId, type: "Interface" })).endpoints, [ssmRow]);
      deepEqual(
        (await describe({ vpc_id: vpcId, service_name: `com.amazonaws.${REGION}.s3` })).endpoints,
        [s3Row],
      );
      deepEqual((await describe({ endpoint_ids: [s3Row.id] })).endpoints, [s3Row]);
    });

    await t.step("an unknown id is listed in not_found beside the known one", async () => {
      const out = await callOk<{ endpoints: { id: string }[]; not_found?: string[] }>(
        client,
        "vpc_describe_endpoints",
        { endpoint_ids: ["vpce-0000000000000dead", s3Row.id] },
      );
      deepEqual(out.endpoints.map((e) => e.id), [s3Row.id]);
      deepEqual(out.not_found, ["vpce-0000000000000dead"]);
    });
  } finally {
    await close();
  }
});
