import type { KeyPairInfo } from "@aws-sdk/client-ec2";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { idList, keyPairId } from "../../schemas/ids.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { ec2Filters, tagFilter, tagMap } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";

const keyPairRow = z.object({
  name: z.string(),
  id: z.string().optional(),
  type: z.string().optional(),
  fingerprint: z.string().optional(),
  created: z.string().optional(),
  tags: z.record(z.string(), z.string()).optional(),
});

/** The compact row of one key pair. */
export function keyPairSummary(k: KeyPairInfo): z.input<typeof keyPairRow> {
  return compact({
    name: k.KeyName ?? "",
    id: k.KeyPairId,
    type: k.KeyType,
    fingerprint: k.KeyFingerprint,
    created: k.CreateTime?.toISOString(),
    tags: tagMap(k.Tags),
  });
}

/** `ec2_describe_keypairs`: compact, paged rows of the EC2 key pairs that match the filters. */
export const describeKeyPairs = defineTool({
  name: "ec2_describe_keypairs",
  toolset: "ec2_keypairs",
  title: "Describe EC2 key pairs",
  description:
    "List EC2 key pairs as compact rows (name, id, type rsa/ed25519, fingerprint, created, tags); never the key material. Filters combine with AND. Paged: pass next_token back with the same filters.",
  access: "read",
  idempotent: true,
  iam: ["ec2:DescribeKeyPairs"],
  input: z.object({
    key_names: z.array(z.string().min(1).max(255)).min(1).max(200).optional(),
    key_pair_ids: idList(keyPairId).optional(),
    tags: tagFilter.optional(),
    ...pageInput,
  }),
  output: z.object({ key_pairs: z.array(keyPairRow), ...pageOutput }),
  async handler(args, ctx) {
    const filters = ec2Filters({}, args.tags);
    const ec2 = await ctx.aws.client("ec2");
    const wanted = args.key_pair_ids && new Set(args.key_pair_ids);
    // DescribeKeyPairs has no paging: its one answer is sliced as a single AWS page.
    const { rows, ...more } = await listPage(args, ctx.region, async () => {
      const out = await ec2.describeKeyPairs({
        ...(filters.length ? { Filters: filters } : {}),
        ...(args.key_names ? { KeyNames: args.key_names } : {}),
        ...(args.key_pair_ids ? { KeyPairIds: args.key_pair_ids } : {}),
      });
      // Some emulators ignore KeyPairIds; AWS itself only returns the ids asked for.
      const keys = (out.KeyPairs ?? []).filter((k) => !wanted || wanted.has(k.KeyPairId ?? ""));
      // Sorted, so that the offset in next_token points at the same row on the next call.
      const items = keys.map(keyPairSummary).sort((a, b) =>
        a.name < b.name ? -1 : a.name > b.name ? 1 : 0
      );
      return { items };
    });
    return { key_pairs: rows, ...more };
  },
});
