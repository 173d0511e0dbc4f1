import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { prune } from "../../schemas/compact.ts";
import { spotRequestId } from "../../schemas/ids.ts";
import { defineTool } from "../tool.ts";
import { readableLaunchData } from "./_launch_data.ts";

/** `ec2_describe_spot_request`: one spot instance request in the AWS shape, user data masked. */
export const describeSpotRequest = defineTool({
  name: "ec2_describe_spot_request",
  toolset: "ec2_spot",
  title: "Describe a spot instance request",
  description:
    "Full detail of one spot instance request in the AWS shape (state, status, fault, launch specification, price, validity), user data decoded with secrets masked. Use ec2_list_spot_requests to find ids.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeSpotInstanceRequests"],
  input: z.object({ spot_request_id: spotRequestId }),
  output: z.object({
    spot_request: z.record(z.string(), z.unknown()),
    masked_values: z.int().describe("Secret-looking values hidden in user data"),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeSpotInstanceRequests({
      SpotInstanceRequestIds: [args.spot_request_id],
    });
    const request = out.SpotInstanceRequests?.[0];
    // Some emulators answer an unknown id with an empty list rather than AWS's NotFound.
    if (!request) {
      throw new ToolError(
        "InvalidSpotInstanceRequestID.NotFound",
        `the spot instance request ${args.spot_request_id} does not exist`,
        `check the id exists in ${ctx.region} (ec2_list_spot_requests), or pass another region`,
      );
    }
    const { LaunchSpecification, ...rest } = request;
    const launch = await readableLaunchData(LaunchSpecification, ctx.revealSecrets);
    const spot_request = (prune(rest) ?? {}) as Record<string, unknown>;
    return {
      spot_request: launch.data
        ? { ...spot_request, LaunchSpecification: launch.data }
        : spot_request,
      masked_values: launch.masked,
    };
  },
});
