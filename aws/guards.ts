import type { EC2 } from "@aws-sdk/client-ec2";
import { ToolError } from "./errors.ts";
import { allPages } from "./paging.ts";

/** The `--require-tag` rule. */
export interface TagRule {
  key: string;
  value: string;
}

/** Looks up the tags of resources: id → {key: value}. */
export type TagLookup = (ids: readonly string[]) => Promise<Map<string, Record<string, string>>>;

/** A tag lookup over EC2's DescribeTags, which covers every EC2 resource type. */
export function ec2TagLookup(ec2: EC2): TagLookup {
  return async (ids) => {
    const tags = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
    const found = await allPages(async (token) => {
      const out = await ec2.describeTags({
        Filters: [{ Name: "resource-id", Values: [...ids] }],
        MaxResults: 1000,
        ...(token ? { NextToken: token } : {}),
      });
      return { items: out.Tags ?? [], nextToken: out.NextToken };
    });
    for (const tag of found) {
      if (tag.ResourceId && tag.Key) tags.get(tag.ResourceId)![tag.Key] = tag.Value ?? "";
    }
    return tags;
  };
}

/** Refuses when any resource lacks the required tag, naming those resources and the rule. */
export async function assertTagged(
  ids: readonly string[],
  rule: TagRule,
  lookup: TagLookup,
): Promise<void> {
  if (ids.length === 0) return;
  const tags = await lookup(ids);
  const missing = ids.filter((id) => tags.get(id)?.[rule.key] !== rule.value);
  if (missing.length) {
    throw new ToolError(
      "RequiredTagMissing",
      `refused: ${missing.join(", ")} ${
        missing.length === 1 ? "does" : "do"
      } not carry ${rule.key}=${rule.value}`,
      `the server was started with --require-tag ${rule.key}=${rule.value}; only resources carrying it may be changed`,
    );
  }
}

/** The tags to put on a new resource: the caller's plus the required one (which wins). */
export function creationTags(
  tags: Record<string, string> | undefined,
  rule: TagRule | undefined,
): { Key: string; Value: string }[] {
  const all = { ...tags, ...(rule ? { [rule.key]: rule.value } : {}) };
  return Object.entries(all).map(([Key, Value]) => ({ Key, Value }));
}
