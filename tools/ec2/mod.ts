import { listInstances } from "./list_instances.ts";

/** EC2 tools. */
export const ec2Tools = [listInstances];
