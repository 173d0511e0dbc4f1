import type { IpPermission } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { securityGroupId } from "../../schemas/ids.ts";
import { renderRules } from "./describe_security_groups.ts";

// Integers in the schema the model reads; the rule check below names a port out of range.
const port = z.int();
const cidrV4 = z.cidrv4();
const cidrV6 = z.cidrv6();

const ruleShape = z.object({
  protocol: z.enum(["tcp", "udp", "icmp", "all"]),
  from_port: port.optional(),
  to_port: port.optional(),
  cidr: z.string().optional(),
  source_group_id: securityGroupId.optional(),
  prefix_list_id: z.string().regex(/^pl-[0-9a-f]{8,17}$/, {
    error: "expected an id like pl-0123456789abcdef0",
  }).optional(),
  description: z.string().max(255).optional(),
});

/** One inbound rule as the model writes it. */
export type IngressRule = z.infer<typeof ruleShape>;

/** An inbound rule: one source, and ports as the protocol needs them (checked per field). */
export const ingressRule = ruleShape.superRefine((rule, ctx) => {
  const sources = [rule.cidr, rule.source_group_id, rule.prefix_list_id].filter((s) =>
    s !== undefined
  );
  if (sources.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["cidr"],
      message: "give exactly one of cidr, source_group_id, prefix_list_id",
    });
  }
  if (
    rule.cidr !== undefined && !cidrV4.safeParse(rule.cidr).success &&
    !cidrV6.safeParse(rule.cidr).success
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["cidr"],
      message: "expected an IPv4 or IPv6 CIDR like 203.0.113.0/24 or 2001:db8::/32",
    });
  }
  const { from_port: from, to_port: to } = rule;
  for (const [key, value] of [["from_port", from], ["to_port", to]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < -1 || value > 65535)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: "expected an integer from -1 to 65535",
      });
    }
  }
  if (rule.protocol === "all") {
    if (from !== undefined || to !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["from_port"],
        message: "ports do not apply to protocol all",
      });
    }
  } else if (rule.protocol === "icmp") {
    for (const [key, value] of [["from_port", from], ["to_port", to]] as const) {
      if (value !== undefined && value > 255) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "for icmp this is the ICMP type (from_port) or code (to_port): -1 to 255",
        });
      }
    }
  } else if (from === undefined || from < 0) {
    ctx.addIssue({ code: "custom", path: ["from_port"], message: "tcp and udp need 0-65535" });
  } else if (to !== undefined && to < from) {
    ctx.addIssue({ code: "custom", path: ["to_port"], message: "must be at least from_port" });
  }
});

/**
 * The rule list both ingress tools take. Undescribed to save the model's tokens: the check above
 * explains a wrong rule (one source, ports by protocol) when it happens.
 */
export const ingressRules = z.array(ingressRule).min(1).max(60);

const isV6 = (cidr: string) => cidr.includes(":");

/** The EC2 permission for one rule (ICMP towards an IPv6 range is ICMPv6, as users mean it). */
export function toIpPermission(rule: IngressRule): IpPermission {
  const description = rule.description !== undefined ? { Description: rule.description } : {};
  const cidr = rule.cidr;
  const protocol = rule.protocol === "all"
    ? "-1"
    : rule.protocol === "icmp" && cidr && isV6(cidr)
    ? "icmpv6"
    : rule.protocol;
  const ports = rule.protocol === "all"
    ? {}
    : rule.protocol === "icmp"
    ? { FromPort: rule.from_port ?? -1, ToPort: rule.to_port ?? -1 }
    : { FromPort: rule.from_port, ToPort: rule.to_port ?? rule.from_port };
  const source = cidr !== undefined
    ? isV6(cidr)
      ? { Ipv6Ranges: [{ CidrIpv6: cidr, ...description }] }
      : { IpRanges: [{ CidrIp: cidr, ...description }] }
    : rule.source_group_id !== undefined
    ? { UserIdGroupPairs: [{ GroupId: rule.source_group_id, ...description }] }
    : { PrefixListIds: [{ PrefixListId: rule.prefix_list_id, ...description }] };
  return { IpProtocol: protocol, ...ports, ...source };
}

/** One rule as the compact string the read side uses, e.g. `tcp 443 from 0.0.0.0/0`. */
export function renderRule(rule: IngressRule): string {
  return renderRules([toIpPermission(rule)], "inbound")[0] ?? rule.protocol;
}

const ADMIN_PORTS = [22, 3389];

/** Whether a rule opens SSH, RDP or every port to the whole internet (any `/0` range). */
export function opensAdminToInternet(rule: IngressRule): boolean {
  if (!rule.cidr?.endsWith("/0")) return false;
  if (rule.protocol === "all") return true;
  if (rule.protocol === "icmp") return false;
  const from = rule.from_port ?? 0;
  const to = rule.to_port ?? from;
  return ADMIN_PORTS.some((p) => from <= p && p <= to);
}

/** Refuses the first rule that opens SSH, RDP or all ports to the internet, naming it. */
export function refusePublicAdmin(rules: readonly IngressRule[]): void {
  const index = rules.findIndex(opensAdminToInternet);
  if (index < 0) return;
  throw new ToolError(
    "PublicIngressRefused",
    `rules.${index} (${
      renderRule(rules[index]!)
    }) opens SSH, RDP or all ports to the whole internet`,
    "use a narrower cidr (e.g. the user's address/32) or a source_group_id; pass allow_public: true only if the user explicitly wants public access",
  );
}
