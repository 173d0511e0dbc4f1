import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { compact } from "../../schemas/compact.ts";
import { instanceId } from "../../schemas/ids.ts";
import { MAX_INFLATED, readUserData } from "../_user_data.ts";
import { defineTool } from "../tool.ts";

const DEFAULT_MAX = 16_000;

/** `ec2_get_user_data`: an instance's user data as text, decoded, secret-masked and bounded. */
export const getUserData = defineTool({
  name: "ec2_get_user_data",
  toolset: "ec2",
  title: "Get an instance's user data",
  description:
    "An instance's user data (launch script) as text: base64 and gzip undone, secret-looking values masked, cut at max_bytes (default 16000). Binary data is reported by size only.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeInstanceAttribute"],
  input: z.object({
    instance_id: instanceId,
    max_bytes: z.int().min(1).max(64_000).optional(),
  }),
  output: z.object({
    instance_id: z.string(),
    user_data: z.string().optional(),
    bytes: z.int().describe("Size of the decoded (and decompressed) user data"),
    truncated: z.boolean(),
    masked_values: z.int(),
    binary: z.boolean(),
    gzip: z.boolean(),
    note: z.string().optional(),
  }),
  async handler(args, ctx) {
    const ec2 = await ctx.aws.client("ec2");
    const out = await ec2.describeInstanceAttribute({
      InstanceId: args.instance_id,
      Attribute: "userData",
    });
    const instance_id = out.InstanceId ?? args.instance_id;
    const encoded = out.UserData?.Value ?? "";
    const none = { instance_id, bytes: 0, truncated: false, masked_values: 0, binary: false };
    if (!encoded) return { ...none, gzip: false, note: "the instance has no user data" };
    const data = await readUserData(encoded, {
      reveal: ctx.revealSecrets,
      maxBytes: args.max_bytes ?? DEFAULT_MAX,
    });
    if (!data) {
      throw new ToolError(
        "InvalidUserData",
        `user data of ${instance_id} is not valid base64`,
        "AWS returned malformed data; retry later",
      );
    }
    const size = data.bytes >= MAX_INFLATED ? `over ${MAX_INFLATED} bytes` : `${data.bytes} bytes`;
    return compact({
      instance_id,
      user_data: data.text,
      bytes: data.bytes,
      truncated: data.truncated,
      masked_values: data.masked,
      binary: data.binary,
      gzip: data.gzip,
      note: data.binary
        ? `binary user data (${size}${data.gzip ? " after gunzip" : ""}), not shown`
        : data.truncated
        ? `shows the first ${data.shownBytes} bytes of ${size}; raise max_bytes (up to 64000) for more`
        : undefined,
    });
  },
});
