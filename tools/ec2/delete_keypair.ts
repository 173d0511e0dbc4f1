import type { KeyPairInfo } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { keyPairId } from "../../schemas/ids.ts";
import { quoted } from "../../schemas/sanitize.ts";
import { defineTool, type ToolContext } from "../tool.ts";

const input = z.object({
  key_name: z.string().min(1).max(255).optional(),
  key_pair_id: keyPairId.optional(),
});

/** The one key pair the input names, looked up so the human and the guard see what goes. */
async function findKeyPair(args: z.infer<typeof input>, ctx: ToolContext): Promise<KeyPairInfo> {
  if ((args.key_name === undefined) === (args.key_pair_id === undefined)) {
    throw new ToolError(
      "InvalidInput",
      "give exactly one of key_name, key_pair_id",
      "call again with either key_name or key_pair_id",
    );
  }
  const ec2 = await ctx.aws.client("ec2");
  // By name AWS answers InvalidKeyPair.NotFound itself; by id a filter (which every endpoint
  // honours, unlike KeyPairIds in some emulators) answers an empty list.
  const out = await ec2.describeKeyPairs(
    args.key_name
      ? { KeyNames: [args.key_name] }
      : { Filters: [{ Name: "key-pair-id", Values: [args.key_pair_id as string] }] },
  );
  const key = (out.KeyPairs ?? []).find((k) =>
    args.key_name ? k.KeyName === args.key_name : k.KeyPairId === args.key_pair_id
  );
  if (!key?.KeyName) {
    throw new ToolError(
      "InvalidKeyPair.NotFound",
      `key pair ${args.key_name ?? args.key_pair_id} does not exist in ${ctx.region}`,
      "list key pairs with ec2_describe_keypairs, or pass another region",
    );
  }
  return key;
}

/** The key pair, once --require-tag allows it. */
async function guarded(args: z.infer<typeof input>, ctx: ToolContext): Promise<KeyPairInfo> {
  const key = await findKeyPair(args, ctx);
  // A key pair without an id (very old ones) cannot carry tags: under --require-tag it is refused.
  await ctx.guard.requireTag([key.KeyPairId || (key.KeyName as string)]);
  return key;
}

const LEFT_ALONE =
  "Local private key files (this server saves them as <keys dir>/<name>.pem or .ppk) were left untouched; delete them yourself if no longer needed";

/** `ec2_delete_keypair`: deletes one key pair in AWS, leaving local private key files alone. */
export const deleteKeyPair = defineTool({
  name: "ec2_delete_keypair",
  toolset: "ec2_keypairs",
  title: "Delete an EC2 key pair",
  description:
    "Delete an EC2 key pair by key_name or key_pair_id (exactly one). Running instances keep working; new launches cannot use it. Local private key files are left untouched.",
  access: "destructive",
  idempotent: true,
  iam: ["ec2:DescribeKeyPairs", "ec2:DeleteKeyPair", "ec2:DescribeTags"],
  input,
  output: z.object({
    deleted_key_name: z.string(),
    deleted_key_pair_id: z.string(),
    note: z.string(),
  }),
  async guards(args, ctx) {
    await guarded(args, ctx);
  },
  async confirm(args, ctx) {
    const key = await findKeyPair(args, ctx);
    return `Delete key pair ${key.KeyPairId ?? "(no id)"} ${quoted(key.KeyName ?? "")} (${
      key.KeyFingerprint ?? "no fingerprint"
    })`;
  },
  async handler(args, ctx) {
    const key = await guarded(args, ctx);
    const id = key.KeyPairId ?? "";
    const ec2 = await ctx.aws.client("ec2");
    // By the name just resolved: some emulators ignore KeyPairId on DeleteKeyPair.
    await ec2.deleteKeyPair({ KeyName: key.KeyName, DryRun: ctx.dryRun });
    return { deleted_key_name: key.KeyName ?? "", deleted_key_pair_id: id, note: LEFT_ALONE };
  },
});
