import { deepEqual, equal, match, rejects } from "node:assert/strict";
import { mapError } from "./errors.ts";
import { CaBundleError, createRequestHandler } from "./http_handler.ts";

const BAD_PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

Deno.test("a CA bundle Deno's TLS stack refuses fails the first call with InvalidCaBundle", async () => {
  let caught: unknown;
  await rejects(
    createRequestHandler({ caCerts: [BAD_PEM] }).catch((err) => {
      caught = err;
      throw err;
    }),
    CaBundleError,
  );
  const mapped = mapError(caught, { iam: [], region: "eu-west-1", profile: undefined });
  equal(mapped.code, "InvalidCaBundle");
  match(mapped.message, /^the CA bundle cannot be loaded: \S/);
  match(mapped.hint ?? "", /AWS_CA_BUNDLE or the profile's ca_bundle/);
});

Deno.test("without extra CAs no HTTP client is built and nothing is refused", async () => {
  const handler = await createRequestHandler({});
  deepEqual(typeof handler.handle, "function");
});
