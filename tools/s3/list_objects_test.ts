import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listObjects } from "./list_objects.ts";

const at = (day: number) => new Date(`2026-03-${String(day).padStart(2, "0")}T00:00:00.000Z`);
const pages: Record<string, unknown> = {
  first: {
    CommonPrefixes: [{ Prefix: "logs/" }],
    Contents: [
      { Key: "a.txt", Size: 10, LastModified: at(1), StorageClass: "STANDARD" },
      { Key: "b.bin", Size: 3_000, LastModified: at(3), StorageClass: "GLACIER" },
    ],
    NextContinuationToken: "p2",
  },
  p2: { Contents: [{ Key: "c.csv", Size: 500, LastModified: at(2), StorageClass: "STANDARD" }] },
};

function aws() {
  return stubAws({
    s3: {
      getBucketLocation: () => ({ LocationConstraint: "eu-central-1" }),
      listObjectsV2: (i: { ContinuationToken?: string }) => pages[i.ContinuationToken ?? "first"],
    },
  });
}

Deno.test("s3_list_objects answers rows, folders and page totals, and passes prefix and delimiter", async () => {
  const stub = aws();
  const { client, close } = await connect({}, { aws: stub, inventory: [listObjects] });
  try {
    const out = await callOk<Record<string, unknown>>(client, "s3_list_objects", {
      bucket: "data",
      prefix: "x/",
      delimiter: "/",
      max_results: 3,
    });
    deepEqual(out.objects, [
      { key: "logs/", folder: true },
      { key: "a.txt", size: 10, modified: at(1).toISOString(), class: "STANDARD" },
      { key: "b.bin", size: 3_000, modified: at(3).toISOString(), class: "GLACIER" },
    ]);
    equal(out.count, 2);
    equal(out.bytes, 3_010);
    equal(out.region, "eu-central-1");
    ok(out.next_token);
    deepEqual(stub.calls.filter((c) => c.method === "listObjectsV2").map((c) => c.input), [
      { Bucket: "data", Prefix: "x/", Delimiter: "/" },
    ]);
  } finally {
    await close();
  }
});

Deno.test("s3_list_objects sorts newest or largest over every page read", async () => {
  const { client, close } = await connect({}, { aws: aws(), inventory: [listObjects] });
  try {
    const keys = async (sort: string) =>
      (await callOk<{ objects: { key: string }[] }>(client, "s3_list_objects", {
        bucket: "data",
        sort,
      })).objects.map((o) => o.key);
    deepEqual(await keys("newest"), ["logs/", "b.bin", "c.csv", "a.txt"]);
    deepEqual(await keys("largest"), ["logs/", "b.bin", "c.csv", "a.txt"]);
    match(
      text(await call(client, "s3_list_objects", { bucket: "data", sort: "oldest" })),
      /^InvalidInput: sort: Invalid option/,
    );
  } finally {
    await close();
  }
});
