import { deepEqual, equal, match, throws } from "node:assert/strict";
import { makeTestCa } from "../tests/_tls.ts";
import { inspectAwsSetup, parseIni, SetupError } from "./profile.ts";

const { caPem } = await makeTestCa();

async function files(config: string, credentials = "") {
  const dir = await Deno.makeTempDir({ prefix: "aws-mcp-profile-" });
  await Deno.writeTextFile(`${dir}/config`, config);
  await Deno.writeTextFile(`${dir}/credentials`, credentials);
  await Deno.writeTextFile(`${dir}/ca.pem`, caPem);
  return {
    dir,
    env: {
      HOME: dir,
      AWS_CONFIG_FILE: `${dir}/config`,
      AWS_SHARED_CREDENTIALS_FILE: `${dir}/credentials`,
    },
  };
}
const none = { profile: undefined, region: undefined };

Deno.test("parseIni reads sections and keys as the AWS CLI does, skipping nested blocks", () => {
  const ini = parseIni(
    "# comment\n[default]\nregion = eu-west-1\n[profile dev]\nRegion=us-east-2\ns3 =\n  max_concurrent_requests = 10\n; other\nca_bundle = /x.pem\n",
  );
  deepEqual(Object.fromEntries(ini), {
    default: { region: "eu-west-1" },
    "profile dev": { region: "us-east-2", s3: "", ca_bundle: "/x.pem" },
  });
});

Deno.test("inspectAwsSetup names a missing profile and the profiles that exist", async () => {
  const { dir, env } = await files("[default]\n[profile dev]\n", "[ci]\n");
  try {
    throws(
      () => inspectAwsSetup(env, { profile: "prod", region: undefined }),
      (err: Error) =>
        err instanceof SetupError &&
        /^profile prod not found \(profiles: ci, default, dev\)/.test(err.message),
    );
    throws(
      () => inspectAwsSetup({ ...env, AWS_PROFILE: "prod" }, none),
      /profile prod \(AWS_PROFILE\) not found/,
    );
    // The implicit default profile may be absent: the default chain has other sources.
    equal(inspectAwsSetup({ ...env, AWS_CONFIG_FILE: `${dir}/nothing` }, none).profile, undefined);
    equal(inspectAwsSetup(env, { profile: "ci", region: undefined }).profile, "ci");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("inspectAwsSetup takes the region from the flag, then AWS_REGION, then the profile, checking each", async () => {
  const { dir, env } = await files(
    "[profile dev]\nregion = eu-west-3\n[profile typo]\nregion = euwest-3\n",
  );
  try {
    const dev = { profile: "dev", region: undefined };
    deepEqual(
      [inspectAwsSetup(env, dev).region, inspectAwsSetup(env, dev).regionSource],
      ["eu-west-3", `profile dev in ${dir}/config`],
    );
    equal(inspectAwsSetup({ ...env, AWS_REGION: "us-west-2" }, dev).region, "us-west-2");
    equal(inspectAwsSetup(env, { profile: "dev", region: "sa-east-1" }).regionSource, "--region");
    throws(
      () => inspectAwsSetup({ ...env, AWS_REGION: "us-wset-2" }, none),
      /did you mean us-west-2\? \(from AWS_REGION\)/,
    );
    throws(
      () => inspectAwsSetup(env, { profile: "typo", region: undefined }),
      /did you mean eu-west-3\? \(from profile typo/,
    );
    // A typo in a setting the flag overrides is not in the way.
    equal(inspectAwsSetup(env, { profile: "typo", region: "eu-west-3" }).region, "eu-west-3");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("inspectAwsSetup trusts AWS_CA_BUNDLE over ca_bundle, adds NODE_EXTRA_CA_CERTS, and requires the bundle", async () => {
  const { dir, env } = await files(
    `[profile corp]\nca_bundle = ${"DIR"}/ca.pem\n`.replace("DIR", ""),
  );
  try {
    await Deno.writeTextFile(`${dir}/config`, `[profile corp]\nca_bundle = ${dir}/ca.pem\n`);
    const corp = { profile: "corp", region: undefined };
    deepEqual(inspectAwsSetup(env, corp).caSources, ["ca_bundle of profile corp"]);
    deepEqual(inspectAwsSetup({ ...env, AWS_CA_BUNDLE: `${dir}/ca.pem` }, corp).caSources, [
      "AWS_CA_BUNDLE",
    ]);
    await Deno.writeTextFile(`${dir}/extra.pem`, caPem);
    const both = inspectAwsSetup({ ...env, NODE_EXTRA_CA_CERTS: `${dir}/extra.pem` }, corp);
    deepEqual(both.caSources, ["ca_bundle of profile corp", "NODE_EXTRA_CA_CERTS"]);
    equal(both.caCerts.length, 2);
    // The same file twice is read once.
    equal(
      inspectAwsSetup({
        ...env,
        AWS_CA_BUNDLE: `${dir}/ca.pem`,
        NODE_EXTRA_CA_CERTS: `${dir}/ca.pem`,
      }, none).caCerts.length,
      1,
    );
    throws(
      () => inspectAwsSetup({ ...env, AWS_CA_BUNDLE: `${dir}/gone.pem` }, none),
      /AWS_CA_BUNDLE .*gone.pem does not exist/,
    );
    await Deno.writeTextFile(
      `${dir}/bad.pem`,
      "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    );
    // A required bundle is checked at start for its PEM markers only: a certificate Deno's TLS
    // stack refuses is the first call's InvalidCaBundle (aws/http_handler_test.ts, tls_test.ts).
    deepEqual(inspectAwsSetup({ ...env, AWS_CA_BUNDLE: `${dir}/bad.pem` }, none).caSources, [
      "AWS_CA_BUNDLE",
    ]);
    await Deno.writeTextFile(`${dir}/cut.pem`, `${caPem}-----BEGIN CERTIFICATE-----\nMIIB\n`);
    throws(
      () => inspectAwsSetup({ ...env, AWS_CA_BUNDLE: `${dir}/cut.pem` }, none),
      /AWS_CA_BUNDLE .*cut.pem is not a valid PEM bundle: a certificate lacks its END line/,
    );
    throws(
      () => inspectAwsSetup({ ...env, AWS_CA_BUNDLE: `${dir}/config` }, none),
      /AWS_CA_BUNDLE .*config holds no PEM certificate/,
    );
    // NODE_EXTRA_CA_CERTS is optional: one Deno cannot parse is ignored at start, with a warning.
    const unparsable = inspectAwsSetup({ ...env, NODE_EXTRA_CA_CERTS: `${dir}/bad.pem` }, none);
    deepEqual(unparsable.caCerts, []);
    match(
      unparsable.warnings[0] ?? "",
      /NODE_EXTRA_CA_CERTS .*bad.pem is not a valid PEM bundle: .*; ignored/,
    );
    const optional = inspectAwsSetup({ ...env, NODE_EXTRA_CA_CERTS: `${dir}/gone.pem` }, none);
    deepEqual(optional.caCerts, []);
    match(optional.warnings[0] ?? "", /NODE_EXTRA_CA_CERTS .*gone.pem does not exist; ignored/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
