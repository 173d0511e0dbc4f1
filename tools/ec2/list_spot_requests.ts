import type { SpotInstanceRequest } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, instanceId, spotRequestId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const STATES = ["open", "active", "closed", "cancelled", "failed"] as const;

const spotRow = z.object({
  id: z.string(),
  state: z.string().optional(),
  status: z.string().optional(),
  status_message: z.string().optional(),
  type: z.string().optional(),
  instance_id: z.string().optional(),
  instance_type: z.string().optional(),
  zone: z.string().optional(),
  max_price: z.string().optional(),
  created: z.string().optional(),
  valid_until: z.string().optional(),
});

/** The compact row of one spot instance request. */
export function spotRequestSummary(s: SpotInstanceRequest): z.input<typeof spotRow> {
  return compact({
    id: s.SpotInstanceRequestId ?? "",
    state: s.State,
    status: s.Status?.Code,
    status_message: s.Status?.Message,
    type: s.Type,
    instance_id: s.InstanceId,
    instance_type: s.LaunchSpecification?.InstanceType,
    zone: s.LaunchedAvailabilityZone ?? s.LaunchSpecification?.Placement?.AvailabilityZone,
    max_price: s.SpotPrice,
    created: s.CreateTime?.toISOString(),
    valid_until: s.ValidUntil?.toISOString(),
  });
}

/** `ec2_list_spot_requests`: compact, paged rows of the spot instance requests that match. */
export const listSpotRequests = defineTool({
  name: "ec2_list_spot_requests",
  toolset: "ec2_spot",
  title: "List spot instance requests",
  description:
    "List spot instance requests as compact rows (id, state, status, one-time/persistent, instance, type, zone, max price, created, valid until). Filters combine with AND. Paged with next_token.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSpotInstanceRequests"],
  input: z.object({
    states: z.array(z.enum(STATES)).min(1).optional(),
    spot_request_ids: idList(spotRequestId).optional(),
    instance_id: instanceId.optional(),
    tags: tagFilter.optional(),
    ...pageInput,
  }),
  output: z.object({ spot_requests: z.array(spotRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({ state: args.states, "instance-id": args.instance_id }, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeSpotInstanceRequests({
        ...(filters.length ? { Filters: filters } : {}),
        // AWS refuses MaxResults together with request ids.
        ...(args.spot_request_ids
          ? { SpotInstanceRequestIds: args.spot_request_ids }
          : { MaxResults: 1000 }),
        ...(token ? { NextToken: token } : {}),
      });
      return {
        items: (out.SpotInstanceRequests ?? []).map(spotRequestSummary),
        nextToken: out.NextToken,
      };
    });
    return { spot_requests: rows, ...more };
  },
});
