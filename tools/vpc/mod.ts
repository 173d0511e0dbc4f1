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
];
