import { deepEqual, equal, match, ok } from "node:assert/strict";
import { s3Tools } from "../../tools/s3/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { dropBucket, motoS3 } from "./_s3_iam.ts";

// moto's S3 is account-wide: this file's bucket carries its run id in its name.
const REGION = "ap-southeast-4";
const BUCKET = `aws-mcp-${crypto.randomUUID().slice(0, 8)}-objects`;

interface Row {
  key: string;
  size?: number;
  modified?: string;
  class?: string;
  folder?: boolean;
}
interface Listing {
  region: string;
  objects: Row[];
  count: number;
  bytes: number;
  next_token?: string;
}
interface Read {
  region: string;
  content_type?: string;
  size: number;
  range?: string;
  truncated: boolean;
  binary: boolean;
  masked_values?: number;
  text?: string;
  note?: string;
}

const CONFIG = [
  "# app settings",
  "DB_HOST=db.internal",
  "DB_PASSWORD=hunter2-very-secret",
  "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
  "LOG_LEVEL=info",
].join("\n");

motoTest(
  "s3 object tools list keys and read text objects, masked and bounded",
  async (endpoint, t) => {
    const s3 = await motoS3(endpoint, REGION);
    await s3.createBucket({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    });
    const put = (Key: string, Body: string | Uint8Array, ContentType?: string) =>
      s3.putObject({ Bucket: BUCKET, Key, Body, ...(ContentType ? { ContentType } : {}) });
    await put("conf/app.env", CONFIG, "text/plain");
    await put("conf/big.log", "x".repeat(5_000) + "END", "text/plain");
    await put(
      "img/logo.png",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2]),
      "image/png",
    );
    await put("blob.bin", new Uint8Array([1, 0, 2, 0, 3, 0, 255, 254]));
    await put("readme.txt", "hello");
    const { client, close } = await connectMoto(endpoint, "us-east-1", {}, {
      inventory: [...s3Tools],
    });
    try {
      await t.step("s3_list_objects lists keys with sizes and page totals", async () => {
        const out = await callOk<Listing>(client, "s3_list_objects", { bucket: BUCKET });
        deepEqual(out.objects.map((o) => o.key), [
          "blob.bin",
          "conf/app.env",
          "conf/big.log",
          "img/logo.png",
          "readme.txt",
        ]);
        const env = out.objects.find((o) => o.key === "conf/app.env");
        equal(env?.size, CONFIG.length);
        equal(env?.class, "STANDARD");
        ok(env?.modified);
        equal(out.count, 5);
        // The server's region is us-east-1; the result names the bucket's.
        equal(out.region, REGION);
        equal(out.bytes, 8 + CONFIG.length + 5_003 + 10 + 5);
      });

      await t.step("a delimiter folds keys into folders; prefix narrows", async () => {
        const top = await callOk<Listing>(client, "s3_list_objects", {
          bucket: BUCKET,
          delimiter: "/",
        });
        deepEqual(top.objects.map((o) => [o.key, o.folder ?? false]), [
          ["conf/", true],
          ["img/", true],
          ["blob.bin", false],
          ["readme.txt", false],
        ]);
        const conf = await callOk<Listing>(client, "s3_list_objects", {
          bucket: BUCKET,
          prefix: "conf/",
        });
        deepEqual(conf.objects.map((o) => o.key), ["conf/app.env", "conf/big.log"]);
      });

      await t.step("sort largest pages through the sorted keys", async () => {
        const first = await callOk<Listing>(client, "s3_list_objects", {
          bucket: BUCKET,
          sort: "largest",
          max_results: 2,
        });
        deepEqual(first.objects.map((o) => o.key), ["conf/big.log", "conf/app.env"]);
        ok(first.next_token);
        const second = await callOk<Listing>(client, "s3_list_objects", {
          bucket: BUCKET,
          sort: "largest",
          max_results: 2,
          next_token: first.next_token,
        });
        deepEqual(second.objects.map((o) => o.key), ["img/logo.png", "blob.bin"]);
      });

      await t.step("s3_get_object masks a secret in a config object", async () => {
        const out = await callOk<Read>(client, "s3_get_object", {
          bucket: BUCKET,
          key: "conf/app.env",
        });
        equal(out.region, REGION);
        equal(out.content_type, "text/plain");
        equal(out.size, CONFIG.length);
        equal(out.binary, false);
        equal(out.truncated, false);
        ok(out.text?.includes("DB_HOST=db.internal"));
        ok(!out.text?.includes("hunter2"), out.text);
        ok(!out.text?.includes("AKIAIOSFODNN7EXAMPLE"), out.text);
        ok((out.masked_values ?? 0) >= 2);
      });

      await t.step("s3_get_object refuses to dump binary objects", async () => {
        const png = await callOk<Read>(client, "s3_get_object", {
          bucket: BUCKET,
          key: "img/logo.png",
        });
        equal(png.binary, true);
        equal(png.text, undefined);
        equal(png.size, 10);
        match(png.note ?? "", /binary/);
        const sniffed = await callOk<Read>(client, "s3_get_object", {
          bucket: BUCKET,
          key: "blob.bin",
        });
        equal(sniffed.binary, true);
        equal(sniffed.text, undefined);
      });

      await t.step("s3_get_object honours max_bytes and continues at offset", async () => {
        const head = await callOk<Read>(client, "s3_get_object", {
          bucket: BUCKET,
          key: "conf/big.log",
          max_bytes: 1_000,
        });
        equal(head.text?.length, 1_000);
        equal(head.range, "0-999");
        equal(head.truncated, true);
        match(head.note ?? "", /offset 1000/);
        const tail = await callOk<Read>(client, "s3_get_object", {
          bucket: BUCKET,
          key: "conf/big.log",
          offset: 4_990,
        });
        equal(tail.text, "xxxxxxxxxxEND");
        equal(tail.truncated, false);
        const past = await call(client, "s3_get_object", {
          bucket: BUCKET,
          key: "conf/big.log",
          offset: 6_000,
        });
        match(text(past), /^InvalidInput: offset: 6000 is past the end/);
      });

      await t.step("a missing key and a bad bucket name are named", async () => {
        const missing = await call(client, "s3_get_object", { bucket: BUCKET, key: "nope" });
        equal(missing.isError, true);
        match(text(missing), /^(NotFound|NoSuchKey)/);
        const bad = await call(client, "s3_list_objects", { bucket: "Bad_Bucket" });
        match(text(bad), /^InvalidInput: bucket: expected an S3 bucket name/);
      });
    } finally {
      await close();
      await dropBucket(s3, BUCKET);
    }
  },
);
