import { deepEqual, equal, match } from "node:assert/strict";
import { describeRouteTables } from "../../tools/vpc/describe_route_tables.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file shares eu-west-2, so it works only in a VPC it creates.
const REGION = "eu-west-2";
const RUN = crypto.randomUUID();

interface Table {
  id: string;
  name?: string;
  vpc_id?: string;
  main: boolean;
  subnets?: string[];
  routes: string[];
}
interface Result {
  region: string;
  route_tables: Table[];
  subnet_association?: { subnet_id: string; route_table_id: string; via: string };
}

motoTest(
  "vpc_describe_route_tables renders a VPC's tables and the one a subnet uses",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const tags = (type: string, name: string) => tagSpecs(type as "vpc", { run: RUN, Name: name });
    const vpcId = (await ec2.createVpc({
      CidrBlock: "10.41.0.0/16",
      TagSpecifications: tags("vpc", "rt-test"),
    })).Vpc?.VpcId as string;
    const subnet = async (cidr: string, name: string) =>
      (await ec2.createSubnet({
        VpcId: vpcId,
        CidrBlock: cidr,
        AvailabilityZone: "eu-west-2a",
        TagSpecifications: tags("subnet", name),
      })).Subnet?.SubnetId as string;
    const publicSubnet = await subnet("10.41.0.0/24", "public");
    const privateSubnet = await subnet("10.41.1.0/24", "private");
    const plainSubnet = await subnet("10.41.2.0/24", "plain");

    const igwId =
      (await ec2.createInternetGateway({ TagSpecifications: tags("internet-gateway", "igw") }))
        .InternetGateway?.InternetGatewayId as string;
    await ec2.attachInternetGateway({ VpcId: vpcId, InternetGatewayId: igwId });
    const eigwId = (await ec2.createEgressOnlyInternetGateway({ VpcId: vpcId }))
      .EgressOnlyInternetGateway?.EgressOnlyInternetGatewayId as string;
    const allocation = await ec2.allocateAddress({
      Domain: "vpc",
      TagSpecifications: tags("elastic-ip", "nat-eip"),
    });
    const natId = (await ec2.createNatGateway({
      SubnetId: publicSubnet,
      AllocationId: allocation.AllocationId as string,
    })).NatGateway?.NatGatewayId as string;

    const table = async (name: string) =>
      (await ec2.createRouteTable({ VpcId: vpcId, TagSpecifications: tags("route-table", name) }))
        .RouteTable?.RouteTableId as string;
    const publicTable = await table("public");
    await ec2.createRoute({
      RouteTableId: publicTable,
      DestinationCidrBlock: "0.0.0.0/0",
      GatewayId: igwId,
    });
    await ec2.createRoute({
      RouteTableId: publicTable,
      DestinationIpv6CidrBlock: "::/0",
      EgressOnlyInternetGatewayId: eigwId,
    });
    await ec2.associateRouteTable({ RouteTableId: publicTable, SubnetId: publicSubnet });
    const privateTable = await table("private");
    await ec2.createRoute({
      RouteTableId: privateTable,
      DestinationCidrBlock: "0.0.0.0/0",
      NatGatewayId: natId,
    });
    await ec2.associateRouteTable({ RouteTableId: privateTable, SubnetId: privateSubnet });
    const mainTable = (await ec2.describeRouteTables({
      Filters: [{ Name: "vpc-id", Values: [vpcId] }, {
        Name: "association.main",
        Values: ["true"],
      }],
    })).RouteTables?.[0]?.RouteTableId as string;

    const expected: Record<string, Table> = {
      [mainTable]: { id: mainTable, vpc_id: vpcId, main: true, routes: ["10.41.0.0/16 → local"] },
      [publicTable]: {
        id: publicTable,
        name: "public",
        vpc_id: vpcId,
        main: false,
        subnets: [publicSubnet],
        routes: ["10.41.0.0/16 → local", `0.0.0.0/0 → ${igwId}`, `::/0 → ${eigwId}`],
      },
      [privateTable]: {
        id: privateTable,
        name: "private",
        vpc_id: vpcId,
        main: false,
        subnets: [privateSubnet],
        routes: ["10.41.0.0/16 → local", `0.0.0.0/0 → ${natId}`],
      },
    };

    const { client, close } = await connectMoto(endpoint, REGION, {}, {
      inventory: [describeRouteTables],
    });
    const describe = (args: Record<string, unknown>) =>
      callOk<Result>(client, "vpc_describe_route_tables", args);
    try {
      await t.step(
        "a VPC's three tables come back with associations and rendered routes",
        async () => {
          const out = await describe({ vpc_id: vpcId });
          equal(out.region, REGION);
          deepEqual(
            [...out.route_tables].sort((a, b) => a.id.localeCompare(b.id)),
            Object.keys(expected).sort().map((id) => expected[id]),
          );
        },
      );

      await t.step(
        "a subnet with an explicit association gets that table, said to be explicit",
        async () => {
          const out = await describe({ subnet_id: publicSubnet, vpc_id: vpcId });
          deepEqual(out.route_tables, [expected[publicTable]]);
          deepEqual(out.subnet_association, {
            subnet_id: publicSubnet,
            route_table_id: publicTable,
            via: "explicit",
          });
        },
      );

      await t.step("a subnet without one gets the main table, said to be main", async () => {
        const out = await describe({ subnet_id: plainSubnet });
        deepEqual(out.route_tables, [expected[mainTable]]);
        deepEqual(out.subnet_association, {
          subnet_id: plainSubnet,
          route_table_id: mainTable,
          via: "main",
        });
      });

      await t.step("route_table_ids look tables up directly", async () => {
        const out = await describe({ route_table_ids: [privateTable] });
        deepEqual(out.route_tables, [expected[privateTable]]);
        equal(out.subnet_association, undefined);
      });

      await t.step("a gateway endpoint adds its prefix list route to the table", async () => {
        const endpointId = (await ec2.createVpcEndpoint({
          VpcId: vpcId,
          VpcEndpointType: "Gateway",
          ServiceName: `com.amazonaws.${REGION}.s3`,
          RouteTableIds: [privateTable],
        })).VpcEndpoint?.VpcEndpointId as string;
        // Like AWS, moto routes the service's managed prefix list to a gateway endpoint.
        const prefixList = (await ec2.describeManagedPrefixLists({
          Filters: [{ Name: "prefix-list-name", Values: [`com.amazonaws.${REGION}.s3`] }],
        })).PrefixLists?.[0]?.PrefixListId;
        match(prefixList ?? "", /^pl-/);
        const out = await describe({ route_table_ids: [privateTable] });
        deepEqual(out.route_tables[0]?.routes, [
          ...expected[privateTable]!.routes,
          `${prefixList} → ${endpointId}`,
        ]);
      });

      await t.step("a subnet of another VPC and an unknown subnet are errors", async () => {
        const other = await call(client, "vpc_describe_route_tables", {
          subnet_id: plainSubnet,
          vpc_id: "vpc-0000000000000beef",
        });
        equal(other.isError, true);
        match(text(other), new RegExp(`^InvalidInput: subnet_id: ${plainSubnet} is in ${vpcId}`));
        const unknown = await call(client, "vpc_describe_route_tables", {
          subnet_id: "subnet-0000000000000dead",
        });
        match(text(unknown), /^InvalidSubnetID\.NotFound: .*subnet-0000000000000dead/);
      });
    } finally {
      await close();
    }
  },
);
