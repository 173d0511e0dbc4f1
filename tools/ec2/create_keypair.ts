import { join } from "node:path";
import { z } from "zod";
import { resourceTags } from "../../schemas/tags.ts";
import { tagSpecifications } from "./_mutation.ts";
import { ToolError } from "../../aws/errors.ts";
import { defineTool } from "../tool.ts";
import type { EC2 } from "@aws-sdk/client-ec2";

/** Key pair names this tool accepts: they name the key file, so no path separators or dot first. */
export const keyName = z.string().regex(/^[A-Za-z0-9_+=,@-][A-Za-z0-9._+=,@-]{0,254}$/, {
  error: "expected 1-255 letters, digits or ._-+=,@ (not starting with a dot)",
});

/** Creates the key file, refusing to replace one: the reservation happens before AWS acts. */
async function reserveKeyFile(dir: string, path: string): Promise<Deno.FsFile> {
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    return await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) {
      throw new ToolError(
        "KeyFileExists",
        `${path} already exists and is never overwritten`,
        "choose another key_name, or move that file away first",
      );
    }
    throw err;
  }
}

type Ec2 = EC2;

async function keyPairExists(ec2: Ec2, name: string): Promise<boolean> {
  try {
    return ((await ec2.describeKeyPairs({ KeyNames: [name] })).KeyPairs ?? []).length > 0;
  } catch (err) {
    if ((err as Error).name === "InvalidKeyPair.NotFound") return false;
    throw err;
  }
}

/** Deletes a key pair whose private key is lost, and says exactly what exists afterwards. */
async function undo(ec2: Ec2, name: string): Promise<string> {
  try {
    await ec2.deleteKeyPair({ KeyName: name });
  } catch (e) {
    const left = await keyPairExists(ec2, name).catch(() => undefined);
    return left === false
      ? `key pair ${name} does not exist`
      : `key pair ${name} ${
        left ? "exists" : "may exist"
      } in EC2 without its private key and deleting it failed (${
        (e as Error).name
      }); delete it with ec2_delete_keypair`;
  }
  return `key pair ${name} was deleted again, so nothing exists without its private key`;
}

/** `ec2_create_keypair`: a new key pair whose private key goes to a 0600 file, never to the model. */
export const createKeyPair = defineTool({
  name: "ec2_create_keypair",
  toolset: "ec2_keypairs",
  title: "Create an EC2 key pair",
  description:
    "Create an EC2 key pair. The private key is saved to a new 0600 file on the server's machine (never returned; an existing file is never replaced). Returns the file path, key_pair_id and fingerprint.",
  access: "write",
  // A repeat fails (names are unique, files never replaced), and a lost answer loses the private
  // key for good: CreateKeyPair is sent once, never retried blindly.
  idempotent: false,
  verify: "ec2_describe_keypairs",
  iam: ["ec2:CreateKeyPair", "ec2:CreateTags", "ec2:DeleteKeyPair", "ec2:DescribeKeyPairs"],
  input: z.object({
    key_name: keyName,
    key_type: z.enum(["rsa", "ed25519"]).default("ed25519"),
    key_format: z.enum(["pem", "ppk"]).default("pem"),
    tags: resourceTags.optional(),
  }),
  output: z.object({
    key_name: z.string(),
    key_pair_id: z.string(),
    fingerprint: z.string(),
    path: z.string().describe("The private key file, mode 0600"),
  }),
  async handler(input, ctx) {
    const path = join(ctx.keysDir, `${input.key_name}.${input.key_format}`);
    const ec2 = await ctx.aws.client("ec2");
    const request = {
      KeyName: input.key_name,
      KeyType: input.key_type,
      KeyFormat: input.key_format,
      ...tagSpecifications(ctx, input.tags, "key-pair"),
      DryRun: ctx.dryRun,
    };
    if (ctx.dryRun) {
      // AWS answers a dry run with an error the server reports; nothing is written here.
      const out = await ec2.createKeyPair(request);
      throw new ToolError(
        "DryRunIgnored",
        `the endpoint ignored DryRun and created key pair ${
          out.KeyName ?? input.key_name
        }; its private key was discarded`,
        "delete it with ec2_delete_keypair",
      );
    }
    const file = await reserveKeyFile(ctx.keysDir, path);
    let created;
    try {
      // Known absent before: a key pair of this name after a lost answer is this call's own.
      if (await keyPairExists(ec2, input.key_name)) {
        throw new ToolError(
          "InvalidKeyPair.Duplicate",
          `key pair ${input.key_name} already exists in ${ctx.region}`,
          "choose another key_name, or delete that key pair first",
        );
      }
      created = await ec2.createKeyPair(request);
    } catch (err) {
      file.close();
      await Deno.remove(path).catch(() => {});
      if ((err as Error).name !== "OutcomeUnknown") throw err;
      // AWS may have made the key pair, but its private key never arrived: remove it again.
      throw new ToolError(
        "OutcomeUnknown",
        `${(err as Error).message}; ${await undo(ec2, input.key_name)}`,
        "call again to create it afresh",
      );
    }
    try {
      if (!created.KeyMaterial) throw new Error("AWS returned no key material");
      const writer = file.writable.getWriter();
      await writer.write(new TextEncoder().encode(created.KeyMaterial));
      await writer.close();
    } catch (err) {
      try {
        file.close();
      } catch { /* already closed by the writer */ }
      await Deno.remove(path).catch(() => {});
      // Nobody holds the private key now, so the key pair would be useless: remove it again.
      throw new ToolError(
        "KeyFileWriteFailed",
        `could not save the private key to ${path}: ${(err as Error).message}; ${await undo(
          ec2,
          input.key_name,
        )}`,
        "check that the key directory is writable (--allow-write for it), then retry",
      );
    }
    return {
      key_name: created.KeyName ?? input.key_name,
      key_pair_id: created.KeyPairId ?? "",
      fingerprint: created.KeyFingerprint ?? "",
      path,
    };
  },
});
