import { z } from "zod";

/**
 * Tag filter `{key: value}`; all pairs must match, and `"*"` as a value matches any value. The
 * instructions explain it once (server/server.ts) rather than every list tool's schema.
 */
export const tagFilter = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((tags) => Object.keys(tags).length <= 20, { error: "at most 20 tags" });

/** Turns a tag filter into EC2 `Filters` entries. */
export function tagFilters(tags: Record<string, string> | undefined) {
  return Object.entries(tags ?? {}).map(([key, value]) =>
    value === "*" ? { Name: "tag-key", Values: [key] } : { Name: `tag:${key}`, Values: [value] }
  );
}

/** The value of the `Name` tag, if any. */
export function nameTag(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
) {
  return tags?.find((tag) => tag.Key === "Name")?.Value;
}

/** Builds EC2 `Filters` from named values (undefined ones are skipped) and a tag filter. */
export function ec2Filters(
  named: Record<string, string | boolean | readonly string[] | undefined>,
  tags?: Record<string, string>,
): { Name: string; Values: string[] }[] {
  const filters = Object.entries(named).flatMap(([name, value]) =>
    value === undefined
      ? []
      : [{ Name: name, Values: Array.isArray(value) ? [...value] : [String(value)] }]
  );
  return [...filters, ...tagFilters(tags)];
}

/** Tags for a resource a tool creates, `{key: value}`: at most 50, no reserved `aws:` keys. */
export const resourceTags = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((tags) => Object.keys(tags).length <= 50, { error: "at most 50 tags" })
  .refine((tags) => !Object.keys(tags).some((k) => k.toLowerCase().startsWith("aws:")), {
    error: "keys starting with aws: are reserved",
  });

/** Tags as a `{key: value}` record, or undefined when there are none. */
export function tagMap(
  tags: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> | undefined {
  const entries = (tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ""]);
  return entries.length ? Object.fromEntries(entries) : undefined;
}
