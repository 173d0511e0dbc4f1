import { type AwsSetup, inspectAwsSetup, SetupError } from "../aws/profile.ts";
import type { ToolMeta } from "../tools/tool.ts";
import { type Config, modeName } from "./config.ts";
import { selectTools } from "./selection.ts";
import { VERSION } from "./version.ts";

type Env = Record<string, string | undefined>;

/** What `main.ts` does after the flags: serve with a completed config, or exit 2 with a message. */
export type StartOutcome =
  | { ok: true; config: Config; setup: AwsSetup }
  | { ok: false; message: string };

/**
 * Checks the AWS setup before serving (profile, files, region, CA bundle) and completes the
 * config with it, so a broken setup is named at start instead of failing every call.
 */
export function prepareStart(config: Config, env: Env): StartOutcome {
  let setup: AwsSetup;
  try {
    setup = inspectAwsSetup(env, { profile: config.profile, region: config.region });
  } catch (err) {
    if (err instanceof SetupError) return { ok: false, message: `aws-mcp: ${err.message}` };
    throw err;
  }
  // The SDK reads some profile settings (endpoint_url, services) only from AWS_PROFILE: with the
  // flag in the environment, `--profile X` behaves exactly like `AWS_PROFILE=X`.
  if (config.profile) Deno.env.set("AWS_PROFILE", config.profile);
  return { ok: true, config: { ...config, caCerts: setup.caCerts }, setup };
}

/** The one line a person sees on stderr when the server starts. */
export function startLine(
  config: Config,
  setup: AwsSetup,
  inventory: readonly ToolMeta[],
): string {
  const tools = selectTools(inventory, config).length;
  const region = setup.region
    ? `${setup.region} (${setup.regionSource})`
    : "none (tools need a region argument)";
  return [
    `aws-mcp ${VERSION}: ${config.transport}, ${modeName(config)}, ${tools} tools`,
    `region ${region}`,
    `profile ${setup.profile ?? "default chain"}`,
    ...(setup.caSources.length ? [`extra CAs from ${setup.caSources.join(", ")}`] : []),
  ].join("; ");
}
