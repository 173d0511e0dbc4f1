import { listVpcs } from "./list_vpcs.ts";

/** VPC tools. */
export const vpcTools = [listVpcs];
