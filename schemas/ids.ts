import { z } from "zod";
import { markedFields, unwrapSchema } from "./fields.ts";

/** A schema for an EC2-style resource id: `prefix-` and 8 or 17 hex digits. */
export function resourceId(prefix: string, example: string) {
  const pattern = new RegExp(`^${prefix}-(?:[0-9a-f]{8}|[0-9a-f]{17})$`);
  return z.string().regex(pattern, { error: `expected an id like ${example}` });
}

/** An EC2 instance id, e.g. `i-0123456789abcdef0`. */
export const instanceId = resourceId("i", "i-0123456789abcdef0");
/** A VPC id, e.g. `vpc-0123456789abcdef0`. */
export const vpcId = resourceId("vpc", "vpc-0123456789abcdef0");
/** A subnet id, e.g. `subnet-0123456789abcdef0`. */
export const subnetId = resourceId("subnet", "subnet-0123456789abcdef0");

/** A list of ids of one kind, at most 200, to look up directly. */
export function idList<T extends z.ZodString>(id: T) {
  return z.array(id).min(1).max(200);
}
/** An AMI id, e.g. `ami-0123456789abcdef0`. */
export const imageId = resourceId("ami", "ami-0123456789abcdef0");
/** A security group id, e.g. `sg-0123456789abcdef0`. */
export const securityGroupId = resourceId("sg", "sg-0123456789abcdef0");
/** A launch template id, e.g. `lt-0123456789abcdef0`. */
export const launchTemplateId = resourceId("lt", "lt-0123456789abcdef0");
/** A key pair id, e.g. `key-0123456789abcdef0`. */
export const keyPairId = resourceId("key", "key-0123456789abcdef0");
/** A spot instance request id, e.g. `sir-abcd1234`. */
export const spotRequestId = z.string().regex(/^sir-[0-9a-z]{8,17}$/, {
  error: "expected an id like sir-abcd1234",
});
/** A network interface id, e.g. `eni-0123456789abcdef0`. */
export const networkInterfaceId = resourceId("eni", "eni-0123456789abcdef0");
/** An Elastic IP allocation id, e.g. `eipalloc-0123456789abcdef0`. */
export const allocationId = resourceId("eipalloc", "eipalloc-0123456789abcdef0");
/** A VPC endpoint id, e.g. `vpce-0123456789abcdef0`. */
export const vpcEndpointId = resourceId("vpce", "vpce-0123456789abcdef0");
/** A VPC peering connection id, e.g. `pcx-0123456789abcdef0`. */
export const peeringConnectionId = resourceId("pcx", "pcx-0123456789abcdef0");
/** An internet gateway id, e.g. `igw-0123456789abcdef0`. */
export const internetGatewayId = resourceId("igw", "igw-0123456789abcdef0");
/** A network ACL id, e.g. `acl-0123456789abcdef0`. */
export const networkAclId = resourceId("acl", "acl-0123456789abcdef0");
/** A NAT gateway id, e.g. `nat-0123456789abcdef0`. */
export const natGatewayId = resourceId("nat", "nat-0123456789abcdef0");
/** A route table id, e.g. `rtb-0123456789abcdef0`. */
export const routeTableId = resourceId("rtb", "rtb-0123456789abcdef0");
/** An EBS volume id, e.g. `vol-0123456789abcdef0`. */
export const volumeId = resourceId("vol", "vol-0123456789abcdef0");
/** An EBS snapshot id, e.g. `snap-0123456789abcdef0`. */
export const snapshotId = resourceId("snap", "snap-0123456789abcdef0");

const sources = z.registry<{ source: true }>();

/**
 * Marks an id field as naming a resource the mutation reads from (a snapshot to restore, an AMI
 * or template to launch): under --require-tag the server checks it carries the tag, like the
 * resources the mutation changes, before the handler runs. Mark last: `.describe()` on the
 * result makes an unmarked copy.
 */
export function readFrom<T extends z.ZodType>(schema: T): T {
  const marked = schema.clone() as T;
  sources.add(marked, { source: true });
  return marked;
}

/** Whether a schema was marked with `readFrom` (possibly wrapped in optional/default). */
export function isSourceField(schema: unknown): boolean {
  return sources.has(unwrapSchema(schema) as z.ZodType);
}

/** The ids in `value` (parsed by `schema`) of fields marked with `readFrom`. */
export function sourceIds(schema: unknown, value: unknown): string[] {
  return [...new Set(markedFields(schema, value, isSourceField).map((f) => f.value))];
}
