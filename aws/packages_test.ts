import { deepEqual, equal } from "node:assert/strict";
import manifest from "../deno.json" with { type: "json" };
import { importPackage, LAZY_PACKAGES } from "./packages.ts";

Deno.test("the packages imported on first use are exactly deno.json's AWS SDK packages", () => {
  const sdk = Object.keys(manifest.imports).filter((k) => /^@(aws-sdk|smithy)\//.test(k));
  deepEqual([...LAZY_PACKAGES].sort(), sdk.sort());
});

Deno.test("importPackage loads a package by its deno.json name", async () => {
  const { FetchHttpHandler } = await importPackage("@smithy/fetch-http-handler");
  equal(typeof FetchHttpHandler, "function");
});
