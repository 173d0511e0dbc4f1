import type { InstanceStatus, InstanceStatusEvent } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";

const eventRow = z.object({
  code: z.string().optional(),
  not_before: z.string().optional(),
  not_after: z.string().optional(),
  description: z.string().optional(),
});

const statusRow = z.object({
  instance_id: z.string(),
  zone: z.string().optional(),
  state: z.string().optional(),
  system_status: z.string().optional(),
  instance_status: z.string().optional(),
  ebs_status: z.string().optional(),
  failed_checks: z.array(z.string()).optional(),
  events: z.array(eventRow).optional(),
});

// AWS keeps past events for a while, their description prefixed with one of these.
const PAST = /^\[(Completed|Canceled)\]/;

function pendingEvents(s: InstanceStatus): InstanceStatusEvent[] {
  return (s.Events ?? []).filter((e) => !PAST.test(e.Description ?? ""));
}

/** Whether an instance needs attention: a status check is impaired or an event is scheduled. */
export function needsAttention(s: InstanceStatus): boolean {
  const checks = [s.SystemStatus, s.InstanceStatus, s.AttachedEbsStatus];
  return checks.some((c) => c?.Status === "impaired") || pendingEvents(s).length > 0;
}

/** The compact row of one instance's status: check summaries, failing checks, scheduled events. */
export function instanceStatusSummary(s: InstanceStatus): z.input<typeof statusRow> {
  const checks = [
    ["system", s.SystemStatus],
    ["instance", s.InstanceStatus],
    ["ebs", s.AttachedEbsStatus],
  ] as const;
  const failed = checks.flatMap(([kind, summary]) =>
    (summary?.Details ?? [])
      .filter((d) => d.Status && d.Status !== "passed")
      .map((d) =>
        `${kind} ${d.Name ?? "check"}: ${d.Status}${
          d.ImpairedSince ? ` since ${d.ImpairedSince.toISOString()}` : ""
        }`
      )
  );
  const events = (s.Events ?? []).map((e) =>
    compact({
      code: e.Code,
      not_before: e.NotBefore?.toISOString(),
      not_after: e.NotAfter?.toISOString(),
      description: e.Description,
    })
  );
  return compact({
    instance_id: s.InstanceId ?? "",
    zone: s.AvailabilityZone,
    state: s.InstanceState?.Name,
    system_status: s.SystemStatus?.Status,
    instance_status: s.InstanceStatus?.Status,
    ebs_status: s.AttachedEbsStatus?.Status,
    failed_checks: failed.length ? failed : undefined,
    events: events.length ? events : undefined,
  });
}

/** `ec2_describe_instance_status`: status checks and scheduled events, problems only by default. */
export const describeInstanceStatus = defineTool({
  name: "ec2_describe_instance_status",
  toolset: "ec2",
  title: "Describe instance status checks",
  description:
    "EC2 status checks (system, instance, attached EBS) and scheduled events. By default only running instances with an impaired check or an upcoming event; include_all: true returns every instance in any state. Paged: pass next_token back with the same arguments.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstanceStatus"],
  input: z.object({
    instance_ids: z.array(instanceId).min(1).max(100).optional(),
    include_all: z.boolean().optional(),
    ...pageInput,
  }),
  output: z.object({ instances: z.array(statusRow), ...pageOutput }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeInstanceStatus({
        // AWS refuses MaxResults together with InstanceIds.
        ...(args.instance_ids ? { InstanceIds: args.instance_ids } : { MaxResults: 1000 }),
        ...(args.include_all ? { IncludeAllInstances: true } : {}),
        ...(token ? { NextToken: token } : {}),
      });
      const statuses = out.InstanceStatuses ?? [];
      // Filtered per AWS page, the same way every time, so next_token offsets stay valid.
      const shown = args.include_all ? statuses : statuses.filter(needsAttention);
      return { items: shown.map(instanceStatusSummary), nextToken: out.NextToken };
    });
    return { instances: rows, ...more };
  },
});
