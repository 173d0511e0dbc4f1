import type { EC2, Instance } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { instanceId } from "../../schemas/ids.ts";

/** Ids for the per-instance detail tools: capped at 50 so one call stays within the byte bound. */
export const instanceIds = z.array(instanceId).min(1).max(50);

/** Every instance of a DescribeInstances answer, in the order of the ids asked for. */
export async function describeInstances(
  ec2: EC2,
  ids: readonly string[],
): Promise<Instance[]> {
  const out = await ec2.describeInstances({ InstanceIds: [...ids] });
  const found = (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  // AWS orders by reservation, not by the ids given; the caller's order lets the model see
  // which ids a byte-bounded answer left out (the trailing ones).
  const rank = new Map(ids.map((id, n) => [id, n]));
  const position = (i: Instance) => rank.get(i.InstanceId ?? "") ?? ids.length;
  return found.sort((a, b) => position(a) - position(b));
}

/** The one instance with this id; AWS itself answers InvalidInstanceID.NotFound for unknown ids. */
export async function describeInstance(ec2: EC2, id: string): Promise<Instance> {
  const [instance] = await describeInstances(ec2, [id]);
  // Only reached if AWS answers an id lookup with no reservations instead of an error.
  if (!instance) {
    throw new ToolError(
      "InvalidInstanceID.NotFound",
      `The instance ID '${id}' does not exist`,
      "check the id, or pass the region it runs in",
    );
  }
  return instance;
}
