import { awsTools } from "./aws/mod.ts";
import { cloudwatchTools } from "./cloudwatch/mod.ts";
import { ebsTools } from "./ebs/mod.ts";
import { ec2Tools } from "./ec2/mod.ts";
import { lambdaTools } from "./lambda/mod.ts";
import { logsTools } from "./logs/mod.ts";
import { iamTools } from "./iam/mod.ts";
import { pricingTools } from "./pricing/mod.ts";
import { s3Tools } from "./s3/mod.ts";
import type { ToolDefinition } from "./tool.ts";
import { vpcTools } from "./vpc/mod.ts";

/** Every toolset by name. */
export const toolsets: Readonly<Record<string, readonly ToolDefinition[]>> = {
  aws: awsTools,
  ec2: ec2Tools,
  vpc: vpcTools,
  ebs: ebsTools,
  pricing: pricingTools,
  cloudwatch: cloudwatchTools,
  lambda: lambdaTools,
  logs: logsTools,
  s3: s3Tools,
  iam: iamTools,
};

/** The whole inventory, in toolset order. */
export const allTools: readonly ToolDefinition[] = Object.values(toolsets).flat();
