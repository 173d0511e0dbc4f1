import { deepEqual } from "node:assert/strict";
import { allPages } from "./paging.ts";

Deno.test("allPages follows NextToken to the end", async () => {
  const pages: Record<string, { items: number[]; nextToken?: string }> = {
    "": { items: [1, 2], nextToken: "b" },
    b: { items: [3], nextToken: "c" },
    c: { items: [4] },
  };
  const seen: (string | undefined)[] = [];
  const items = await allPages((token) => {
    seen.push(token);
    return Promise.resolve(pages[token ?? ""]!);
  });
  deepEqual(items, [1, 2, 3, 4]);
  deepEqual(seen, [undefined, "b", "c"]);
});

Deno.test("allPages stops on a repeated token and at its call bound", async () => {
  deepEqual(await allPages(() => Promise.resolve({ items: [1], nextToken: "same" })), [1, 1]);
  let calls = 0;
  const items = await allPages(() => {
    calls++;
    return Promise.resolve({ items: [calls], nextToken: `t${calls}` });
  }, 3);
  deepEqual(items, [1, 2, 3]);
});
