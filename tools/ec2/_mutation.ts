import type { ResourceType, TagSpecification } from "@aws-sdk/client-ec2";
import { ToolError } from "../../aws/errors.ts";
import type { ToolContext } from "../tool.ts";

/**
 * `TagSpecifications` for the resources a call creates: the caller's tags plus the --require-tag
 * tag, or nothing at all when there are none (AWS refuses a specification without tags).
 */
export function tagSpecifications(
  ctx: ToolContext,
  tags: Record<string, string> | undefined,
  ...types: ResourceType[]
): { TagSpecifications?: TagSpecification[] } {
  const all = ctx.guard.creationTags(tags);
  if (!all.length) return {};
  return { TagSpecifications: types.map((ResourceType) => ({ ResourceType, Tags: all })) };
}

// Swallows AWS's "would succeed" answer to a dry run; rethrows anything else.
function passDryRun(err: unknown): void {
  if ((err as { name?: string })?.name !== "DryRunOperation") throw err;
}

/**
 * The dry run of a tool that makes several mutating calls: runs each in order (each passing
 * `DryRun: true`), going on while AWS answers "would succeed", so that every call's permission is
 * checked; then rethrows the last answer for the server to report.
 */
export async function dryRunEach(calls: readonly (() => Promise<unknown>)[]): Promise<never> {
  let answer: unknown = new ToolError(
    "DryRunIgnored",
    "the endpoint ignored DryRun, so changes may have been made",
    "check the resources this call names",
  );
  for (const call of calls) {
    try {
      await call();
    } catch (err) {
      passDryRun(err);
      answer = err;
    }
  }
  throw answer;
}
