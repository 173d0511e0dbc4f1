import type { EC2 } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { spotRequestId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { dryRunEach } from "./_mutation.ts";

/** Runs a dry-run call and returns only when AWS answered that it would have succeeded. */
async function describeRequests(ec2: EC2, ids: readonly string[], region: string) {
  const out = await ec2.describeSpotInstanceRequests({ SpotInstanceRequestIds: [...ids] });
  const found = new Map((out.SpotInstanceRequests ?? []).map((r) => [r.SpotInstanceRequestId, r]));
  // AWS answers unknown ids with InvalidSpotInstanceRequestID.NotFound; some emulators with
  // an empty list, so the tool names them itself.
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw new ToolError(
      "InvalidSpotInstanceRequestID.NotFound",
      `no spot instance request ${missing.join(", ")}`,
      `check the ids exist in ${region} (ec2_list_spot_requests), or pass another region`,
    );
  }
  return ids.map((id) => found.get(id)!);
}

/** `ec2_cancel_spot_requests`: cancels spot requests and, in destructive mode, terminates their instances. */
export const cancelSpotRequests = defineTool({
  name: "ec2_cancel_spot_requests",
  toolset: "ec2_spot",
  title: "Cancel spot instance requests",
  description:
    "Cancel spot instance requests; their instances keep running unless terminate_instances (needs destructive mode). Returns each request's previous and new state and the terminated instance ids.",
  access: "write",
  // Cancelling a cancelled request (or terminating a terminated instance) changes nothing.
  idempotent: true,
  iam: [
    "ec2:DescribeSpotInstanceRequests",
    "ec2:CancelSpotInstanceRequests",
    "ec2:TerminateInstances",
    "ec2:DescribeTags",
  ],
  input: z.object({
    spot_request_ids: z.array(spotRequestId).min(1).max(100),
    terminate_instances: z.boolean().optional(),
  }),
  output: z.object({
    requests: z.array(z.object({
      id: z.string(),
      previous_state: z.string().optional(),
      state: z.string().optional(),
      instance_id: z.string().optional(),
    })),
    terminated_instance_ids: z.array(z.string()),
  }),
  async handler(args, ctx) {
    if (args.terminate_instances) ctx.guard.requireMode("destructive", "terminate_instances");
    const ec2 = await ctx.aws.client("ec2");
    const ids = args.spot_request_ids;
    const before = await describeRequests(ec2, ids, ctx.region);
    // Read before cancelling: the instance ids are needed afterwards, and some emulators
    // forget a request once it is cancelled.
    const instanceIds = args.terminate_instances
      ? [...new Set(before.flatMap((r) => r.InstanceId ? [r.InstanceId] : []))]
      : [];
    await ctx.guard.requireTag([...ids, ...instanceIds]);
    if (instanceIds.length) {
      await ctx.guard.confirm(
        `Terminate ${instanceIds.length} instance${
          instanceIds.length === 1 ? "" : "s"
        } of spot requests ${ids.join(", ")}: ${instanceIds.join(", ")}`,
      );
    }
    const cancel = () =>
      ec2.cancelSpotInstanceRequests({ SpotInstanceRequestIds: [...ids], DryRun: ctx.dryRun });
    const terminate = () =>
      ec2.terminateInstances({ InstanceIds: instanceIds, DryRun: ctx.dryRun });
    if (ctx.dryRun && instanceIds.length) {
      // A dry run checks every call the real run would make: AWS answers each by throwing, and
      // the terminate's answer becomes the result once the cancel would succeed.
      await dryRunEach([cancel, terminate]);
    }
    const out = await cancel();
    const after = new Map(
      (out.CancelledSpotInstanceRequests ?? []).map((r) => [r.SpotInstanceRequestId, r.State]),
    );
    const terminating = instanceIds.length ? (await terminate()).TerminatingInstances : [];
    const terminated = (terminating ?? []).flatMap((i) => i.InstanceId ? [i.InstanceId] : []);
    return {
      requests: before.map((r) =>
        compact({
          id: r.SpotInstanceRequestId ?? "",
          previous_state: r.State,
          state: after.get(r.SpotInstanceRequestId),
          instance_id: r.InstanceId,
        })
      ),
      terminated_instance_ids: terminated,
    };
  },
});
