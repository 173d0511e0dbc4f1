/**
 * The inventory and its toolsets. Toolsets are data: a tool belongs to the one its definition's
 * `toolset` names, and a folder (one per service) may hold several toolsets.
 *
 * Adding a service: write tools/<service>/*.ts and tools/<service>/mod.ts as usual, import its
 * array below and add it to `allTools`, add its toolset(s) to `toolsets` (default: false), then
 * run `deno task docs`. That regenerates server/catalogue.json (what the server lists, and where
 * each tool lives) and server/tool_modules.ts (an import per module): a tool's module loads on
 * its first call, never at start.
 */
import { awsTools } from "./aws/mod.ts";
import { cloudwatchTools } from "./cloudwatch/mod.ts";
import { ebsTools } from "./ebs/mod.ts";
import { ec2Tools } from "./ec2/mod.ts";
import { lambdaTools } from "./lambda/mod.ts";
import { logsTools } from "./logs/mod.ts";
import { iamTools } from "./iam/mod.ts";
import { pricingTools } from "./pricing/mod.ts";
import { s3Tools } from "./s3/mod.ts";
import type { ToolDefinition, Toolset } from "./tool.ts";
import { vpcTools } from "./vpc/mod.ts";

/** Every toolset, in the order the server and README list them. */
export const toolsets: readonly Toolset[] = [
  { name: "aws", description: "Who and where you are: caller identity, regions", default: true },
  {
    name: "ec2",
    description: "Instances: list, describe, status, SSH, start, stop, reboot, terminate, launch",
    default: true,
  },
  {
    name: "vpc",
    description: "Networking: VPCs, subnets, security groups, reachability",
    default: true,
  },
  {
    name: "ebs",
    description: "Volumes: describe, create, modify, attach, detach, delete",
    default: true,
  },
  {
    name: "cloudwatch",
    description: "Metrics and alarms: instance metrics, statistics, alarms and their history",
    default: true,
  },
  {
    name: "ec2_launch",
    description: "Full instance launch, instance types and offerings, zones, metadata options",
    default: false,
  },
  {
    name: "ec2_templates",
    description: "Launch templates and launching from them",
    default: false,
  },
  { name: "ec2_images", description: "AMIs: describe, create, deregister", default: false },
  { name: "ec2_keypairs", description: "Key pairs: describe, create, delete", default: false },
  {
    name: "ec2_spot",
    description: "Spot requests: list, describe, create, cancel",
    default: false,
  },
  {
    name: "ec2_security_groups",
    description: "Change security groups: create, authorize, revoke, delete",
    default: false,
  },
  {
    name: "vpc_gateways",
    description: "Route tables, gateways, ACLs, endpoints, peering, ENIs, Elastic IPs",
    default: false,
  },
  {
    name: "ebs_snapshots",
    description: "Snapshots: list, create, copy, restore, fast restore, delete",
    default: false,
  },
  {
    name: "cloudwatch_metrics",
    description: "Metric math, graphs, Lambda and ECS service metrics",
    default: false,
  },
  {
    name: "pricing",
    description: "On-demand and spot prices, cost estimates and comparisons",
    default: false,
  },
  {
    name: "lambda",
    description: "Lambda functions: configuration, recent errors, event sources, invoke, update",
    default: false,
  },
  {
    name: "logs",
    description: "CloudWatch Logs: log groups, filtered events, Insights queries, retention",
    default: false,
  },
  {
    name: "s3",
    description: "S3, read-only: buckets, public-access audit, objects",
    default: false,
  },
  {
    name: "iam",
    description: "IAM, read-only: users, roles, policies, stale credentials, policy simulation",
    default: false,
  },
];

/** The whole inventory. */
export const allTools: readonly ToolDefinition[] = [
  ...awsTools,
  ...ec2Tools,
  ...vpcTools,
  ...ebsTools,
  ...pricingTools,
  ...cloudwatchTools,
  ...lambdaTools,
  ...logsTools,
  ...s3Tools,
  ...iamTools,
];
