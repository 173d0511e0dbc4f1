/** Drops keys whose value is undefined, null or an empty string, so rows stay small. */
export function compact<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(
    Object.entries(row).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  ) as T;
}

/**
 * Deep-prunes an AWS response for the model: drops null/undefined, empty strings, empty arrays,
 * empty objects and `$metadata`/`ResponseMetadata`; turns Dates into ISO strings.
 */
export function prune(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([k]) => k !== "$metadata" && k !== "ResponseMetadata")
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  if (value === null || value === undefined || value === "") return undefined;
  return value;
}

/** Keeps the leading items whose JSON fits in `maxBytes` (at least one); says how many were left out. */
export function fitBytes<T>(
  items: readonly T[],
  maxBytes = 40_000,
): { items: T[]; omitted: number } {
  const kept: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = JSON.stringify(item).length + 1;
    if (kept.length > 0 && bytes + size > maxBytes) break;
    kept.push(item);
    bytes += size;
  }
  return { items: kept, omitted: items.length - kept.length };
}

// An AWS resource id (ami-…, i-…, snap-…, vol-…) or ARN-ish token that must not be cut.
const ID_AT_END = /[a-z][a-z0-9]*-[0-9a-f]*$/;

/**
 * Shortens text to about `max` characters with an ellipsis, never inside a resource id: a cut
 * that lands in one moves past its end, so an id is always whole or absent.
 */
export function shorten(text: string | undefined, max: number): string | undefined {
  if (!text || text.length <= max) return text;
  let end = max - 1;
  if (ID_AT_END.test(text.slice(0, end))) {
    const rest = /^[0-9a-f]*/.exec(text.slice(end))![0];
    end += rest.length;
  }
  return end >= text.length ? text : `${text.slice(0, end)}…`;
}
