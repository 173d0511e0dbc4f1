import { ToolError } from "./errors.ts";
import { DEFAULT_PAGE } from "../schemas/paging.ts";

/** One page as AWS returned it, already mapped to rows. */
export interface AwsPage<T> {
  items: T[];
  nextToken?: string | undefined;
}

/** What the paging helper needs from a list tool. */
export interface PaginateOptions<T> {
  /** Rows wanted on this page. */
  maxResults: number;
  /** The `next_token` the caller passed back, if any. */
  nextToken: string | undefined;
  /** Everything that selects the rows (filters, region): a token is only valid for the same key. */
  key: unknown;
  /** Fetches one AWS page; must return the same page for the same token. */
  fetch: (awsToken: string | undefined) => Promise<AwsPage<T>>;
  /** Stop early when the page's JSON would exceed this many bytes (default 40 000). */
  maxBytes?: number;
  /** At most this many AWS calls per tool call (default 10). */
  maxCalls?: number;
}

/** A page of rows and the opaque token for the next one. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

interface TokenState {
  /** AWS token of the page we stopped in; absent for the first page. */
  t?: string;
  /** Offset inside that page. */
  o: number;
  /** Hash of the selection key. */
  h: string;
}

/** FNV-1a over a stable JSON rendering: cheap, stateless, good enough to detect changed filters. */
export function hashKey(key: unknown): string {
  const text = stableJson(key);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function encodeToken(state: TokenState): string {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(
    /=+$/,
    "",
  );
}

function decodeToken(token: string, hash: string): TokenState {
  let state: TokenState;
  try {
    const base64 = token.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    state = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ToolError(
      "InvalidInput",
      "next_token: not a token this server issued",
      "pass next_token exactly as a previous page returned it, or omit it to start over",
    );
  }
  if (typeof state?.o !== "number" || state.o < 0 || typeof state.h !== "string") {
    throw new ToolError("InvalidInput", "next_token: malformed token", "omit it to start over");
  }
  if (state.h !== hash) {
    throw new ToolError(
      "InvalidInput",
      "next_token: issued for different filters or region",
      "repeat the exact filters of the call that returned it, or omit next_token to start over",
    );
  }
  return state;
}

/**
 * Returns one bounded page, slicing AWS pages server-side: the token carries the AWS token,
 * the offset inside that AWS page and a hash of the selection, so any replica can continue.
 */
export async function paginate<T>(options: PaginateOptions<T>): Promise<Page<T>> {
  const hash = hashKey(options.key);
  const start = options.nextToken ? decodeToken(options.nextToken, hash) : { o: 0, h: hash };
  const maxBytes = options.maxBytes ?? 40_000;
  const maxCalls = options.maxCalls ?? 10;
  const items: T[] = [];
  let bytes = 0;
  let awsToken = start.t;
  let offset = start.o;
  for (let calls = 0; calls < maxCalls; calls++) {
    const page = await options.fetch(awsToken);
    for (let i = offset; i < page.items.length; i++) {
      const item = page.items[i] as T;
      const size = JSON.stringify(item).length + 1;
      if (items.length >= options.maxResults || (items.length > 0 && bytes + size > maxBytes)) {
        return {
          items,
          nextToken: encodeToken({ ...(awsToken ? { t: awsToken } : {}), o: i, h: hash }),
        };
      }
      items.push(item);
      bytes += size;
    }
    if (!page.nextToken) return { items };
    if (items.length >= options.maxResults) {
      return { items, nextToken: encodeToken({ t: page.nextToken, o: 0, h: hash }) };
    }
    awsToken = page.nextToken;
    offset = 0;
  }
  return { items, nextToken: encodeToken({ ...(awsToken ? { t: awsToken } : {}), o: 0, h: hash }) };
}

/** The paging arguments every list tool takes (see `schemas/paging.ts`). */
export interface PageArgs {
  max_results?: number | undefined;
  next_token?: string | undefined;
}

/**
 * One page for a list tool: the selection key is every other argument plus the region, so a
 * token is refused when the filters change. Returns rows and, when more exist, `next_token`.
 */
export async function listPage<T>(
  args: PageArgs,
  region: string,
  fetch: (awsToken: string | undefined) => Promise<AwsPage<T>>,
): Promise<{ rows: T[]; next_token?: string }> {
  const { max_results, next_token, ...selection } = args;
  const page = await paginate({
    maxResults: max_results ?? DEFAULT_PAGE,
    nextToken: next_token,
    key: { ...selection, region },
    fetch,
  });
  return { rows: page.items, ...(page.nextToken ? { next_token: page.nextToken } : {}) };
}

/** Upper bound on AWS calls of allPages, so an emulator that repeats tokens cannot loop forever. */
const MAX_ALL_PAGES_CALLS = 20;

/**
 * Items across AWS pages, following NextToken until it ends, repeats itself or `maxCalls` is
 * reached; `complete` says whether it ended, so a caller can say it stopped early.
 */
export async function collectPages<T>(
  fetch: (awsToken: string | undefined) => Promise<AwsPage<T>>,
  maxCalls = MAX_ALL_PAGES_CALLS,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let token: string | undefined;
  for (let calls = 0; calls < maxCalls; calls++) {
    const page = await fetch(token);
    items.push(...page.items);
    if (!page.nextToken || page.nextToken === token) return { items, complete: true };
    token = page.nextToken;
  }
  return { items, complete: false };
}

/**
 * Every item across AWS pages, for tools that answer in one byte-bounded result instead of
 * paging (see collectPages for the bounds).
 */
export async function allPages<T>(
  fetch: (awsToken: string | undefined) => Promise<AwsPage<T>>,
  maxCalls = MAX_ALL_PAGES_CALLS,
): Promise<T[]> {
  return (await collectPages(fetch, maxCalls)).items;
}

/** Counts items across every AWS page; `fetch` returns one page's size and its NextToken. */
export async function countAll(
  fetch: (token: string | undefined) => Promise<{ count: number; next?: string | undefined }>,
): Promise<number> {
  const counts = await allPages(async (token) => {
    const page = await fetch(token);
    return { items: [page.count], nextToken: page.next };
  }, 50);
  return counts.reduce((a, b) => a + b, 0);
}
