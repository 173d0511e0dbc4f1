import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listBuckets } from "./list_buckets.ts";

const created = new Date("2026-01-02T03:04:05.000Z");

Deno.test("s3_list_buckets answers region and creation, asking the location only when missing", async () => {
  const aws = stubAws({
    s3: {
      listBuckets: () => ({
        Buckets: [
          { Name: "logs-eu", BucketRegion: "eu-west-1", CreationDate: created },
          { Name: "old-endpoint", CreationDate: created },
          { Name: "web-assets", BucketRegion: "us-east-1" },
        ],
      }),
      getBucketLocation: () => ({ LocationConstraint: "EU" }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listBuckets] });
  try {
    const out = await callOk<{ buckets: unknown[] }>(client, "s3_list_buckets", {});
    deepEqual(out.buckets, [
      { name: "logs-eu", region: "eu-west-1", created: created.toISOString() },
      { name: "old-endpoint", region: "eu-west-1", created: created.toISOString() },
      { name: "web-assets", region: "us-east-1" },
    ]);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [
      ["listBuckets", { MaxBuckets: 1000 }],
      ["getBucketLocation", { Bucket: "old-endpoint" }],
    ]);
    const filtered = await callOk<{ buckets: { name: string }[] }>(client, "s3_list_buckets", {
      name_contains: "LOGS",
    });
    deepEqual(filtered.buckets.map((b) => b.name), ["logs-eu"]);
  } finally {
    await close();
  }
});

Deno.test("s3_list_buckets follows ContinuationToken and takes no regions fan-out", async () => {
  const aws = stubAws({
    s3: {
      listBuckets: (input: { ContinuationToken?: string }) =>
        input.ContinuationToken
          ? { Buckets: [{ Name: "b-two", BucketRegion: "us-east-1" }] }
          : { Buckets: [{ Name: "b-one", BucketRegion: "us-east-1" }], ContinuationToken: "t2" },
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listBuckets] });
  try {
    const out = await callOk<{ buckets: { name: string }[] }>(client, "s3_list_buckets", {});
    deepEqual(out.buckets.map((b) => b.name), ["b-one", "b-two"]);
    const fan = await call(client, "s3_list_buckets", { regions: ["eu-west-1"] });
    equal(fan.isError, true);
    match(text(fan), /^InvalidInput: .*regions/);
  } finally {
    await close();
  }
});
