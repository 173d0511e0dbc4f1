import type { WaitOutcome } from "../../aws/wait.ts";
import type { ToolContext } from "../tool.ts";

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
  const outcome = await ctx.wait(async () => {
    const out = await ec2.describeInstances({ InstanceIds: [...ids] });
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
