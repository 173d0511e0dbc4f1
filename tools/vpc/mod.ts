import { explainReachability } from "./explain_reachability.ts";
import { describeRouteTables } from "./describe_route_tables.ts";
import { describeInternetGateways } from "./describe_internet_gateways.ts";
import { describeNatGateways } from "./describe_nat_gateways.ts";
import { describeNetworkAcls } from "./describe_network_acls.ts";
import { describeEndpoints } from "./describe_endpoints.ts";
import { describePeeringConnections } from "./describe_peering_connections.ts";
import { describeSubnet } from "./describe_subnet.ts";
import { describeVpc } from "./describe_vpc.ts";
import { getDefaultSubnets } from "./get_default_subnets.ts";
import { getDefaultVpc } from "./get_default_vpc.ts";
import { listSubnets } from "./list_subnets.ts";
import { listVpcs } from "./list_vpcs.ts";

/** VPC tools. */
export const vpcTools = [
  listVpcs,
  getDefaultVpc,
  describeVpc,
  listSubnets,
  getDefaultSubnets,
  describeSubnet,
  describeRouteTables,
  describeInternetGateways,
  describeNatGateways,
  describeNetworkAcls,
  describeEndpoints,
  describePeeringConnections,
  explainReachability,
];
