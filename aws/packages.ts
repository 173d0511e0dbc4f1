/**
 * The npm packages the server imports only when a call needs them: the AWS SDK.
 *
 * `importPackage` takes the name as a value on purpose: before main.ts runs, Deno resolves every
 * npm specifier it can read in the module graph, `import("…")` included, and these packages cost
 * ~25 ms that way at every start, calls or not. A name it cannot read is resolved when the import
 * runs. The `typeof import` types below keep the packages in `deno check` and `deno info`, and
 * scripts/compile.ts passes LAZY_PACKAGES to `deno compile --include` so binaries carry them.
 */
interface Packages {
  "@aws-sdk/client-cloudwatch": typeof import("@aws-sdk/client-cloudwatch");
  "@aws-sdk/client-cloudwatch-logs": typeof import("@aws-sdk/client-cloudwatch-logs");
  "@aws-sdk/client-ec2": typeof import("@aws-sdk/client-ec2");
  "@aws-sdk/client-iam": typeof import("@aws-sdk/client-iam");
  "@aws-sdk/client-lambda": typeof import("@aws-sdk/client-lambda");
  "@aws-sdk/client-pricing": typeof import("@aws-sdk/client-pricing");
  "@aws-sdk/client-s3": typeof import("@aws-sdk/client-s3");
  "@aws-sdk/client-s3-control": typeof import("@aws-sdk/client-s3-control");
  "@aws-sdk/client-sts": typeof import("@aws-sdk/client-sts");
  "@aws-sdk/credential-providers": typeof import("@aws-sdk/credential-providers");
  "@smithy/fetch-http-handler": typeof import("@smithy/fetch-http-handler");
}

const NAMES: { [N in keyof Packages]: true } = {
  "@aws-sdk/client-cloudwatch": true,
  "@aws-sdk/client-cloudwatch-logs": true,
  "@aws-sdk/client-ec2": true,
  "@aws-sdk/client-iam": true,
  "@aws-sdk/client-lambda": true,
  "@aws-sdk/client-pricing": true,
  "@aws-sdk/client-s3": true,
  "@aws-sdk/client-s3-control": true,
  "@aws-sdk/client-sts": true,
  "@aws-sdk/credential-providers": true,
  "@smithy/fetch-http-handler": true,
};

/** The deno.json names of the packages imported on first use. */
export const LAZY_PACKAGES = Object.keys(NAMES) as (keyof Packages)[];

/** Imports one of LAZY_PACKAGES, typed as the package. */
export function importPackage<N extends keyof Packages>(name: N): Promise<Packages[N]> {
  return import(name) as Promise<Packages[N]>;
}
