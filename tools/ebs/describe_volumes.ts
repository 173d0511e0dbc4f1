import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { idList, instanceId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";
import { invalidInput, VOLUME_TYPES, volumeRow, volumeSummary } from "./_volume.ts";
import { volumeId } from "../../schemas/ids.ts";

const STATES: readonly string[] = [
  "creating",
  "available",
  "in-use",
  "deleting",
  "deleted",
  "error",
];

// Checked here, naming the valid values on a miss, but not listed in the schema the model reads:
// the values are AWS's well-known ones and the catalogue's token budget is tight.
function oneOf(values: readonly string[]) {
  return z.string().refine((v) => values.includes(v), {
    error: `expected one of ${values.join(", ")}`,
  });
}

/** `ebs_describe_volumes`: compact, paged rows of the EBS volumes that match the filters. */
export const describeVolumes = defineTool({
  name: "ebs_describe_volumes",
  toolset: "ebs",
  title: "Describe EBS volumes",
  description:
    "EBS volumes as compact rows (size, type, iops, zone, state, attachment…). Filters AND together; paged with next_token.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeVolumes"],
  input: z.object({
    volume_ids: idList(volumeId).optional(),
    states: z.array(oneOf(STATES)).min(1).optional(),
    types: z.array(oneOf(VOLUME_TYPES)).min(1).optional(),
    instance_id: instanceId.optional(),
    tags: tagFilter.optional(),
    unattached_only: z.boolean().optional(),
    ...pageInput,
  }),
  output: z.object({ volumes: z.array(volumeRow), ...pageOutput }),
  async handler(args, ctx) {
    let states: readonly string[] | undefined = args.states;
    if (args.unattached_only) {
      if (states && !states.includes("available")) {
        throw invalidInput(
          "unattached_only",
          `unattached volumes are available, which states (${states.join(", ")}) excludes`,
        );
      }
      states = ["available"];
    }
    const filters = ec2Filters({
      "status": states,
      "volume-type": args.types,
      "attachment.instance-id": args.instance_id,
    }, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await ec2.describeVolumes({
        ...(filters.length ? { Filters: filters } : {}),
        // AWS refuses MaxResults together with VolumeIds.
        ...(args.volume_ids ? { VolumeIds: args.volume_ids } : { MaxResults: 500 }),
        ...(token ? { NextToken: token } : {}),
      });
      return { items: (out.Volumes ?? []).map(volumeSummary), nextToken: out.NextToken };
    });
    return { volumes: rows, ...more };
  },
});
