import type { NetworkInterface } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import {
  idList,
  instanceId,
  networkInterfaceId,
  securityGroupId,
  subnetId,
  vpcId,
} from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, nameTag } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const interfaceRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
  status: z.string().optional(),
  vpc_id: z.string().optional(),
  subnet_id: z.string().optional(),
  zone: z.string().optional(),
  private_ip: z.string().optional(),
  secondary_ips: z.array(z.string()).optional(),
  public_ip: z.string().optional(),
  ipv6: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  instance_id: z.string().optional(),
  attachment_status: z.string().optional(),
  description: z.string().optional(),
  requester_managed: z.boolean().optional(),
});

const nonEmpty = (values: string[]) => values.length ? values : undefined;

/** The compact row of one network interface. */
export function networkInterfaceSummary(n: NetworkInterface): z.input<typeof interfaceRow> {
  const secondary = (n.PrivateIpAddresses ?? [])
    .filter((p) => !p.Primary && p.PrivateIpAddress)
    .map((p) => p.PrivateIpAddress as string);
  return compact({
    id: n.NetworkInterfaceId ?? "",
    name: nameTag(n.TagSet),
    type: n.InterfaceType,
    status: n.Status,
    vpc_id: n.VpcId,
    subnet_id: n.SubnetId,
    zone: n.AvailabilityZone,
    private_ip: n.PrivateIpAddress,
    secondary_ips: nonEmpty(secondary),
    public_ip: n.Association?.PublicIp,
    ipv6: nonEmpty((n.Ipv6Addresses ?? []).flatMap((a) => a.Ipv6Address ? [a.Ipv6Address] : [])),
    groups: nonEmpty((n.Groups ?? []).flatMap((g) => g.GroupId ? [g.GroupId] : [])),
    instance_id: n.Attachment?.InstanceId,
    attachment_status: n.Attachment?.Status,
    description: n.Description,
    // Interfaces AWS services create for themselves (NAT, ELB, Lambda…): true; yours: left out.
    requester_managed: n.RequesterManaged || undefined,
  });
}

/** `ec2_describe_network_interfaces`: compact, paged rows of the ENIs that match the filters. */
export const describeNetworkInterfaces = defineTool({
  name: "ec2_describe_network_interfaces",
  toolset: "vpc_gateways",
  title: "Describe network interfaces",
  description:
    "Network interfaces (ENIs) as compact rows: id, type, status, VPC, subnet, private/public IPs, security groups, attached instance, description. Filters combine with AND. Paged: pass next_token back with the same filters.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeNetworkInterfaces"],
  input: z.object({
    vpc_id: vpcId.optional(),
    subnet_id: subnetId.optional(),
    instance_id: instanceId.optional(),
    group_id: securityGroupId.optional(),
    network_interface_ids: idList(networkInterfaceId).optional(),
    ...pageInput,
  }),
  output: z.object({ network_interfaces: z.array(interfaceRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({
      "vpc-id": args.vpc_id,
      "subnet-id": args.subnet_id,
      "attachment.instance-id": args.instance_id,
      "group-id": args.group_id,
    });
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeNetworkInterfaces({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.network_interface_ids
          ? { NetworkInterfaceIds: args.network_interface_ids }
          : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return {
        items: (out.NetworkInterfaces ?? []).map(networkInterfaceSummary),
        nextToken: out.NextToken,
      };
    });
    return { network_interfaces: rows, ...more };
  },
});
