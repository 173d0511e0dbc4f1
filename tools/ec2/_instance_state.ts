import { z } from "zod";
import type { WaitOutcome } from "../../aws/wait.ts";
import type { ToolContext } from "../tool.ts";

/** How a `wait: true` ended, as lifecycle and creation tools report it. */
export const waitOutcome = z.object({
  done: z.boolean(),
  message: z.string(),
  waited_ms: z.number(),
});

/** Instance states a lifecycle or creation tool can wait for. */
export type TargetState = "running" | "stopped" | "terminated";

/**
 * Waits until every instance is in `target`, with a progress notification per poll
 * ("2/3 running; i-0abc: pending"), bounded and cancellable through ctx.wait.
 */
export async function waitForInstances(
  ctx: ToolContext,
  ids: readonly string[],
  target: TargetState,
): Promise<WaitOutcome & { states: Record<string, string> }> {
  const ec2 = await ctx.aws.client("ec2");
  let states: Record<string, string> = {};
  let unseen = 0;
  const outcome = await ctx.wait(async () => {
    let out;
    try {
      out = await ec2.describeInstances({ InstanceIds: [...ids] });
    } catch (err) {
      // Brand-new instances can be invisible to Describe for a few seconds: poll a few more times.
      if ((err as { name?: string }).name !== "InvalidInstanceID.NotFound" || ++unseen > 5) {
        throw err;
      }
      return { done: false, message: "launched; not visible to DescribeInstances yet" };
    }
    states = Object.fromEntries(
      (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((
        i,
      ) => [i.InstanceId ?? "", i.State?.Name ?? "unknown"]),
    );
    const pending = ids.filter((id) => states[id] !== target);
    const lagging = pending.slice(0, 3).map((id) => `${id}: ${states[id] ?? "not found"}`).join(
      ", ",
    );
    return {
      done: pending.length === 0,
      message: `${ids.length - pending.length}/${ids.length} ${target}${
        lagging ? `; ${lagging}` : ""
      }`,
    };
  });
  return { ...outcome, states };
}
