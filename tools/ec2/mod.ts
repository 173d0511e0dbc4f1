import { describeAddresses } from "./describe_addresses.ts";
import { describeNetworkInterfaces } from "./describe_network_interfaces.ts";
import { describeInstanceStatus } from "./describe_instance_status.ts";
import { describeAvailabilityZones } from "./describe_availability_zones.ts";
import { describeInstanceTypes } from "./describe_instance_types.ts";
import { getInstanceTypeOfferings } from "./get_instance_type_offerings.ts";
import { authorizeSecurityGroupIngress } from "./authorize_security_group_ingress.ts";
import { createAmi } from "./create_ami.ts";
import { createKeyPair } from "./create_keypair.ts";
import { createLaunchTemplate } from "./create_launch_template.ts";
import { createLaunchTemplateVersion } from "./create_launch_template_version.ts";
import { createSecurityGroup } from "./create_security_group.ts";
import { deleteKeyPair } from "./delete_keypair.ts";
import { deleteLaunchTemplate } from "./delete_launch_template.ts";
import { deleteSecurityGroup } from "./delete_security_group.ts";
import { deregisterAmi } from "./deregister_ami.ts";
import { revokeSecurityGroupIngress } from "./revoke_security_group_ingress.ts";
import { cancelSpotRequests } from "./cancel_spot_requests.ts";
import { createInstance } from "./create_instance.ts";
import { createInstanceMinimal } from "./create_instance_minimal.ts";
import { createSpotInstance } from "./create_spot_instance.ts";
import { launchFromTemplate } from "./launch_from_template.ts";
import { modifyMetadataOptions } from "./modify_metadata_options.ts";
import { rebootInstances } from "./reboot_instances.ts";
import { startInstances } from "./start_instances.ts";
import { stopInstances } from "./stop_instances.ts";
import { terminateInstances } from "./terminate_instances.ts";
import { describeImages } from "./describe_images.ts";
import { describeKeyPairs } from "./describe_keypairs.ts";
import { describeLaunchTemplate } from "./describe_launch_template.ts";
import { describeSecurityGroups } from "./describe_security_groups.ts";
import { describeSpotRequest } from "./describe_spot_request.ts";
import { listLaunchTemplates } from "./list_launch_templates.ts";
import { listSpotRequests } from "./list_spot_requests.ts";
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
  describeAddresses,
  describeNetworkInterfaces,
  describeInstanceStatus,
  describeAvailabilityZones,
  describeInstanceTypes,
  getInstanceTypeOfferings,
  describeKeyPairs,
  describeSecurityGroups,
  describeImages,
  listLaunchTemplates,
  describeLaunchTemplate,
  listSpotRequests,
  describeSpotRequest,
  startInstances,
  stopInstances,
  rebootInstances,
  terminateInstances,
  modifyMetadataOptions,
  createInstance,
  createInstanceMinimal,
  createSpotInstance,
  cancelSpotRequests,
  launchFromTemplate,
  createKeyPair,
  deleteKeyPair,
  createSecurityGroup,
  authorizeSecurityGroupIngress,
  revokeSecurityGroupIngress,
  deleteSecurityGroup,
  createLaunchTemplate,
  createLaunchTemplateVersion,
  deleteLaunchTemplate,
  createAmi,
  deregisterAmi,
];
