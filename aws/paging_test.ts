import { deepEqual, equal, match, ok, rejects } from "node:assert/strict";
import { type AwsPage, hashKey, paginate } from "./paging.ts";
import { ToolError } from "./errors.ts";

/** A fake AWS listing of `total` numbers served in pages of `size`, like a real NextToken API. */
function fakeAws(total: number, size: number) {
  const calls: (string | undefined)[] = [];
  const fetch = (token: string | undefined): Promise<AwsPage<number>> => {
    calls.push(token);
    const start = token ? Number(token) : 0;
    const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
    const next = start + size < total ? String(start + size) : undefined;
    return Promise.resolve({ items, nextToken: next });
  };
  return { fetch, calls };
}

async function drain(total: number, size: number, maxResults: number) {
  const aws = fakeAws(total, size);
  const seen: number[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await paginate({ maxResults, nextToken: token, key: { f: 1 }, fetch: aws.fetch });
    ok(page.items.length <= maxResults);
    seen.push(...page.items);
    token = page.nextToken;
    pages++;
  } while (token);
  return { seen, pages, calls: aws.calls };
}

Deno.test("paginate slices AWS pages and returns every row exactly once", async () => {
  for (
    const [total, size, max] of [[120, 50, 25], [120, 7, 25], [10, 100, 3], [0, 10, 5], [
      25,
      25,
      25,
    ]]
  ) {
    const { seen, pages } = await drain(total!, size!, max!);
    deepEqual(
      seen,
      Array.from({ length: total! }, (_, i) => i),
      `total ${total} size ${size} max ${max}`,
    );
    equal(pages, Math.max(1, Math.ceil(total! / max!)));
  }
});

Deno.test("paginate says next_token only when more rows exist", async () => {
  const aws = fakeAws(10, 10);
  const page = await paginate({ maxResults: 10, nextToken: undefined, key: {}, fetch: aws.fetch });
  equal(page.items.length, 10);
  equal(page.nextToken, undefined);
});

Deno.test("paginate follows AWS tokens across empty pages", async () => {
  const pages: AwsPage<number>[] = [{ items: [], nextToken: "a" }, { items: [], nextToken: "b" }, {
    items: [1, 2],
  }];
  const byToken: Record<string, AwsPage<number>> = { "": pages[0]!, a: pages[1]!, b: pages[2]! };
  const page = await paginate({
    maxResults: 5,
    nextToken: undefined,
    key: {},
    fetch: (t) => Promise.resolve(byToken[t ?? ""]!),
  });
  deepEqual(page.items, [1, 2]);
  equal(page.nextToken, undefined);
});

Deno.test("paginate refuses a token issued for other filters", async () => {
  const aws = fakeAws(100, 10);
  const first = await paginate({
    maxResults: 5,
    nextToken: undefined,
    key: { state: "running" },
    fetch: aws.fetch,
  });
  ok(first.nextToken);
  await rejects(
    paginate({
      maxResults: 5,
      nextToken: first.nextToken,
      key: { state: "stopped" },
      fetch: aws.fetch,
    }),
    /issued for different filters/,
  );
});

Deno.test("paginate refuses a token it did not issue", async () => {
  const aws = fakeAws(10, 10);
  for (const bad of ["not-a-token", "e30", btoa('{"o":-1,"h":"x"}')]) {
    await rejects(
      paginate({ maxResults: 5, nextToken: bad, key: {}, fetch: aws.fetch }),
      (err: unknown) =>
        err instanceof ToolError && err.code === "InvalidInput" && /^next_token/.test(err.message),
    );
  }
});

Deno.test("paginate ends a page early when its JSON would pass the byte bound", async () => {
  const big = "x".repeat(1000);
  const fetch = () =>
    Promise.resolve({ items: Array.from({ length: 100 }, (_, i) => ({ i, big })) });
  const page = await paginate({
    maxResults: 100,
    nextToken: undefined,
    key: {},
    fetch,
    maxBytes: 10_000,
  });
  ok(page.items.length < 10 && page.items.length > 0);
  ok(JSON.stringify(page.items).length <= 10_000);
  ok(page.nextToken, "a short page must say there is more");
  const next = await paginate({
    maxResults: 100,
    nextToken: page.nextToken,
    key: {},
    fetch,
    maxBytes: 10_000,
  });
  equal(next.items[0]?.i, page.items.length);
});

Deno.test("paginate bounds the AWS calls of one tool call and resumes after them", async () => {
  const aws = fakeAws(100, 1);
  const page = await paginate({
    maxResults: 50,
    nextToken: undefined,
    key: {},
    fetch: aws.fetch,
    maxCalls: 3,
  });
  deepEqual(page.items, [0, 1, 2]);
  equal(aws.calls.length, 3);
  const next = await paginate({
    maxResults: 50,
    nextToken: page.nextToken,
    key: {},
    fetch: aws.fetch,
    maxCalls: 3,
  });
  deepEqual(next.items, [3, 4, 5]);
});

Deno.test("hashKey ignores key order and undefined values", () => {
  equal(hashKey({ a: 1, b: [1, 2], c: undefined }), hashKey({ b: [1, 2], a: 1 }));
  ok(hashKey({ a: 1 }) !== hashKey({ a: 2 }));
  match(hashKey({}), /^[0-9a-z]+$/);
});
