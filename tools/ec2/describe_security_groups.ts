import type { IpPermission, SecurityGroup } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, securityGroupId, vpcId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";
import { protocolName } from "../vpc/_render.ts";

function protocolAndPorts(p: IpPermission): string {
  const proto = protocolName(p.IpProtocol);
  const from = p.FromPort;
  const to = p.ToPort;
  if (proto === "all" || from === undefined || from === -1) return proto;
  if (proto === "icmp" || proto === "icmpv6") {
    // For ICMP the "ports" are the type and the code, -1 meaning any.
    return to === undefined || to === -1
      ? `${proto} type ${from}`
      : `${proto} type ${from} code ${to}`;
  }
  return to === undefined || to === from ? `${proto} ${from}` : `${proto} ${from}-${to}`;
}

/** Where a security group rule's traffic comes from or goes to, with the rule's description. */
interface Peer {
  peer: string;
  description?: string | undefined;
}

function peers(p: IpPermission, names: ReadonlyMap<string, string>, owner?: string): Peer[] {
  return [
    ...(p.IpRanges ?? []).map((r) => ({ peer: r.CidrIp ?? "?", description: r.Description })),
    ...(p.Ipv6Ranges ?? []).map((r) => ({ peer: r.CidrIpv6 ?? "?", description: r.Description })),
    ...(p.PrefixListIds ?? []).map((r) => ({
      peer: r.PrefixListId ?? "?",
      description: r.Description,
    })),
    ...(p.UserIdGroupPairs ?? []).map((g) => {
      const id = g.GroupId ?? g.GroupName ?? "?";
      const name = g.GroupName && g.GroupName !== id ? g.GroupName : names.get(id);
      // Another account's group is only meaningful with its account.
      const account = g.UserId && owner && g.UserId !== owner ? `${g.UserId}/` : "";
      return { peer: `${account}${id}${name ? ` (${name})` : ""}`, description: g.Description };
    }),
  ];
}

/**
 * Security group rules as one short string per peer, e.g. `tcp 22 from 0.0.0.0/0 (ssh)`:
 * protocol (-1 is `all`), port or range (ICMP type and code), then the CIDR, prefix list or
 * group (with its name when known), and the rule's description in parentheses when present.
 */
export function renderRules(
  permissions: readonly IpPermission[] | undefined,
  direction: "inbound" | "outbound",
  names: ReadonlyMap<string, string> = new Map(),
  owner?: string,
): string[] {
  const word = direction === "inbound" ? "from" : "to";
  return (permissions ?? []).flatMap((p) => {
    const head = protocolAndPorts(p);
    const all = peers(p, names, owner);
    if (!all.length) return [head];
    return all.map(({ peer, description }) =>
      `${head} ${word} ${peer}${description ? ` (${description})` : ""}`
    );
  });
}

const groupRow = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  vpc_id: z.string().optional(),
  inbound: z.array(z.string()),
  outbound: z.array(z.string()),
  world_open: z.array(z.string()).optional(),
});

const WORLD = new Set(["0.0.0.0/0", "::/0"]);

/** What a group lets in from anywhere on the internet: `tcp 22`, `all`… (inbound, any CIDR). */
export function worldOpen(g: SecurityGroup): string[] {
  const open = (g.IpPermissions ?? []).filter((p) =>
    (p.IpRanges ?? []).some((r) => WORLD.has(r.CidrIp ?? "")) ||
    (p.Ipv6Ranges ?? []).some((r) => WORLD.has(r.CidrIpv6 ?? ""))
  );
  return [...new Set(open.map(protocolAndPorts))];
}

/** The compact row of one security group; `names` maps group ids to names for referenced groups. */
export function securityGroupSummary(
  g: SecurityGroup,
  names: ReadonlyMap<string, string> = new Map(),
): z.input<typeof groupRow> {
  const open = worldOpen(g);
  return compact({
    id: g.GroupId ?? "",
    name: g.GroupName,
    description: g.Description,
    vpc_id: g.VpcId,
    inbound: renderRules(g.IpPermissions, "inbound", names, g.OwnerId),
    outbound: renderRules(g.IpPermissionsEgress, "outbound", names, g.OwnerId),
    world_open: open.length ? open : undefined,
  });
}

/** `ec2_describe_security_groups`: paged security groups with their rules as short strings. */
export const describeSecurityGroups = defineTool({
  name: "ec2_describe_security_groups",
  toolset: "vpc",
  title: "Describe security groups",
  description:
    'Security groups (id, name, description, vpc_id) with rules as strings like "tcp 22 from 0.0.0.0/0 (desc)" or "all to sg-… (name)", and world_open: what 0.0.0.0/0 or ::/0 may reach. Filters AND.',
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSecurityGroups"],
  input: z.object({
    group_ids: idList(securityGroupId).optional(),
    group_names: z.array(z.string().min(1).max(255)).min(1).max(200).optional(),
    vpc_id: vpcId.optional(),
    tags: tagFilter.optional(),
    world_open: z.boolean().optional(),
    ...pageInput,
  }),
  output: z.object({ security_groups: z.array(groupRow), ...pageOutput }),
  async handler(args, ctx) {
    // A group-name filter, unlike GroupNames, works outside the default VPC and allows paging.
    const filters = ec2Filters(
      { "group-name": args.group_names, "vpc-id": args.vpc_id },
      args.tags,
    );
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeSecurityGroups({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.group_ids ? { GroupIds: args.group_ids } : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      // Filtered inside each AWS page, so the offset in next_token points at the same row.
      const groups = (out.SecurityGroups ?? []).filter((g) =>
        args.world_open === undefined || (worldOpen(g).length > 0) === args.world_open
      );
      // Names of the groups on this page are free; looking up others would cost a call per page.
      const names = new Map(groups.map((g) => [g.GroupId ?? "", g.GroupName ?? ""]));
      return { items: groups.map((g) => securityGroupSummary(g, names)), nextToken: out.NextToken };
    });
    return { security_groups: rows, ...more };
  },
});
