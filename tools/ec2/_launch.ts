import type {
  _InstanceType,
  Instance,
  InstanceMetadataOptionsRequest,
  RunInstancesRequest,
} from "@aws-sdk/client-ec2";
import { z } from "zod";
import type { ToolContext } from "../tool.ts";
import { waitForInstances, type waitOutcome } from "./_instance_state.ts";
import { instanceRow, instanceSummary } from "./list_instances.ts";

/** Plain-text user data, at most 16 KB before encoding (AWS's limit). */
export const userData = z
  .string()
  .min(1)
  .refine((text) => new TextEncoder().encode(text).length <= 16_384, {
    error: "at most 16 KB",
  })
  .describe("Plain text");

/**
 * An integer in [min, max], checked by refine so the bounds stay out of the JSON schema: every
 * keyword there costs the model tokens on each turn, and the error names the bounds.
 */
export function intBetween(min: number, max: number) {
  // z.int with min/max, so the schema the model reads says "integer, 1 to 20" too.
  const error = `expected an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** Instances to launch at once, default 1: all or nothing (MinCount = MaxCount). */
export const count = intBetween(1, 20).optional();

/** `wait: true` waits for `running` with progress notifications. */
export const wait = z.boolean().optional();

/** Base64 of the UTF-8 bytes, as RunInstances expects (the JS SDK does not encode it). */
export function encodeUserData(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Instance metadata options: IMDSv2 required unless the caller opts out. */
export function metadataOptions(
  httpTokens: "required" | "optional" = "required",
  hopLimit?: number,
): InstanceMetadataOptionsRequest {
  return {
    HttpTokens: httpTokens,
    ...(hopLimit !== undefined ? { HttpPutResponseHopLimit: hopLimit } : {}),
  };
}

/**
 * The rows of freshly launched instances; with `wait`, waits for `running` (progress per poll)
 * and answers with rows described afterwards (final state, public IP). The instances exist once
 * RunInstances answered, so a failing wait is reported in `wait`, never as the call's error: a
 * model told "failed" would launch them again.
 */
export async function launched(
  ctx: ToolContext,
  instances: readonly Instance[],
  waitForRunning: boolean | undefined,
): Promise<{
  instances: z.input<typeof instanceRow>[];
  wait?: z.input<typeof waitOutcome>;
}> {
  const ids = instances.flatMap((i) => i.InstanceId ? [i.InstanceId] : []);
  if (!waitForRunning || !ids.length) return { instances: instances.map(instanceSummary) };
  const started = Date.now();
  try {
    const { done, message, waited_ms } = await waitForInstances(ctx, ids, "running");
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeInstances({ InstanceIds: ids });
    const byId = new Map(
      (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i]),
    );
    return {
      instances: instances.map((i) => instanceSummary(byId.get(i.InstanceId) ?? i)),
      wait: { done, message, waited_ms },
    };
  } catch (err) {
    // A cancelled call has no one to answer.
    if (ctx.signal.aborted) throw err;
    // e.g. InvalidInstanceID.NotFound: AWS may not list brand-new instances for a few seconds.
    const e = err as { name?: string; message?: string };
    return {
      instances: instances.map(instanceSummary),
      wait: {
        done: false,
        message: `launched, but the wait failed (${e.name ?? "Error"}: ${
          e.message ?? ""
        }); check with ec2_list_instances`,
        waited_ms: Date.now() - started,
      },
    };
  }
}

/** The launch arguments create_instance and create_spot_instance share. */
export interface LaunchBasics {
  image_id: string;
  instance_type: string;
  count?: number | undefined;
  key_name?: string | undefined;
  security_group_ids?: string[] | undefined;
  subnet_id?: string | undefined;
  user_data?: string | undefined;
}

/** RunInstances parameters for the shared launch arguments (all or nothing: Min = Max). */
export function runInstancesBasics(args: LaunchBasics): RunInstancesRequest {
  return {
    ImageId: args.image_id,
    InstanceType: args.instance_type as _InstanceType,
    MinCount: args.count ?? 1,
    MaxCount: args.count ?? 1,
    ...(args.key_name ? { KeyName: args.key_name } : {}),
    ...(args.security_group_ids ? { SecurityGroupIds: args.security_group_ids } : {}),
    ...(args.subnet_id ? { SubnetId: args.subnet_id } : {}),
    ...(args.user_data ? { UserData: encodeUserData(args.user_data) } : {}),
  };
}
