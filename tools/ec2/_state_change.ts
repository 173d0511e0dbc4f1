import type { InstanceStateChange } from "@aws-sdk/client-ec2";
import { z } from "zod";
import type { ToolContext } from "../tool.ts";
import { type TargetState, waitForInstances, waitOutcome } from "./_instance_state.ts";

const stateChangeRow = z.object({
  instance_id: z.string(),
  previous_state: z.string().optional(),
  current_state: z.string().optional(),
});

/** What start, stop and terminate return: per-instance states and, with `wait`, how it ended. */
export const stateChangeOutput = z.object({
  instances: z.array(stateChangeRow),
  wait: waitOutcome.optional(),
});

/**
 * Rows of an AWS state-change answer in the caller's order; with `wait`, polls until every
 * instance reaches `target` and reports the last states seen (the wait is bounded: `done` says
 * whether it got there).
 */
export async function stateChanges(
  ctx: ToolContext,
  ids: readonly string[],
  changes: readonly InstanceStateChange[] | undefined,
  target: TargetState | undefined,
): Promise<z.input<typeof stateChangeOutput>> {
  const rank = new Map(ids.map((id, n) => [id, n]));
  const rows = (changes ?? [])
    .map((c) => ({
      instance_id: c.InstanceId ?? "",
      ...(c.PreviousState?.Name ? { previous_state: c.PreviousState.Name } : {}),
      ...(c.CurrentState?.Name ? { current_state: c.CurrentState.Name } : {}),
    }))
    .sort((a, b) =>
      (rank.get(a.instance_id) ?? ids.length) - (rank.get(b.instance_id) ?? ids.length)
    );
  if (!target) return { instances: rows };
  const { states, ...wait } = await waitForInstances(ctx, ids, target);
  return {
    instances: rows.map((row) => {
      const now = states[row.instance_id];
      return now ? { ...row, current_state: now } : row;
    }),
    wait,
  };
}
