import { describeInstances } from "./describe_instances.ts";
import { describeMetadataOptions } from "./describe_metadata_options.ts";
import { generateSshInstruction } from "./generate_ssh_instruction.ts";
import { getInstanceVpcInfo } from "./get_instance_vpc_info.ts";
import { getUserData } from "./get_user_data.ts";
import { listInstances } from "./list_instances.ts";

/** EC2 tools. */
export const ec2Tools = [
  listInstances,
  describeInstances,
  getInstanceVpcInfo,
  describeMetadataOptions,
  getUserData,
  generateSshInstruction,
];
