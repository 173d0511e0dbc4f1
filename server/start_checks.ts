/**
 * Checks that run before the server answers anything, each failing closed: main.ts prints the
 * message and exits 2.
 */
import { defaultCacheDir } from "../aws/price_cache.ts";
import { AuditLog } from "./audit.ts";
import type { Config } from "./config.ts";
import { allowedWriteRoots, assertDirNotRedirected } from "./state_dir.ts";

/** A reason the server must not start. */
export class StartError extends Error {}

/** What the checks prepared for the server. */
export interface Prepared {
  audit: AuditLog | undefined;
}

/** Where the checks look; tests replace them. */
export interface StartEnv {
  home?: string;
  cacheDir?: string | undefined;
  /** The region calls default to (the SDK's resolution when --region is absent). */
  defaultRegion?: () => Promise<string>;
}

/**
 * Refuses a default region outside --regions: fan-out's region list, STS and every call without
 * `region` go there. A default that cannot be resolved at all is left to the calls to report.
 */
export async function assertDefaultRegionAllowed(
  config: Config,
  defaultRegion: () => Promise<string>,
): Promise<void> {
  if (!config.regions) return;
  let region: string;
  try {
    region = config.region ?? await defaultRegion();
  } catch {
    return;
  }
  if (!config.regions.includes(region)) {
    throw new StartError(
      `the default region ${region} (from AWS_REGION or the profile) is outside --regions ${
        config.regions.join(",")
      }; start with --region set to one of them`,
    );
  }
}

async function sdkDefaultRegion(config: Config): Promise<string> {
  const { AwsClients } = await import("../aws/clients.ts");
  return new AwsClients({
    profile: config.profile,
    region: config.region,
    userAgent: "aws-mcp",
    roleSessionName: config.roleSessionName,
    roleExternalId: config.roleExternalId,
  }).defaultRegion();
}

/** Opens the audit log and checks the directories the server writes to and the default region. */
export async function checkStart(config: Config, env: StartEnv = {}): Promise<Prepared> {
  const home = env.home ?? Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".";
  const cacheDir = "cacheDir" in env ? env.cacheDir : defaultCacheDir();
  await assertDefaultRegionAllowed(config, env.defaultRegion ?? (() => sdkDefaultRegion(config)));
  const roots = allowedWriteRoots(home);
  try {
    assertDirNotRedirected("--keys-dir", config.keysDir, roots);
    if (cacheDir) assertDirNotRedirected("the price cache directory", cacheDir, roots);
  } catch (err) {
    throw new StartError((err as Error).message);
  }
  let audit: AuditLog | undefined;
  if (config.auditLog) {
    audit = new AuditLog(config.auditLog);
    try {
      await audit.open();
    } catch (err) {
      throw new StartError((err as Error).message);
    }
  }
  return { audit };
}
