/**
 * Checks that run before the server answers anything, each failing closed: main.ts prints the
 * message and exits 2.
 */
import { defaultCacheDir } from "../aws/price_cache.ts";
import { AuditLog } from "./audit.ts";
import type { Config } from "./config.ts";
import { join } from "node:path";
import { allowedWriteRoots, assertDirNotRedirected, stateDir } from "./state_dir.ts";

/** A reason the server must not start. */
export class StartError extends Error {}

/** What the checks prepared for the server. */
export interface Prepared {
  audit: AuditLog | undefined;
  /** The key sealing confirmation challenges, from --confirm-key-file; random when undefined. */
  confirmKey: Uint8Array | undefined;
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
  return { audit, confirmKey: await readConfirmKey(config.confirmKeyFile) };
}

/** The key of --confirm-key-file (its first line), or undefined for a random one per process. */
export async function readConfirmKey(path: string | undefined): Promise<Uint8Array | undefined> {
  if (!path) return undefined;
  const key = await readSecretLine(
    "--confirm-key-file",
    path,
    32,
    "a secret",
    " (e.g. openssl rand -base64 32)",
  );
  return new TextEncoder().encode(key);
}

/** The first line of a secret file a flag names, at least `min` characters; a StartError otherwise. */
async function readSecretLine(
  flag: string,
  path: string,
  min: number,
  what: string,
  example = "",
): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new StartError(`${flag} ${path}: cannot read it (${(err as Error).message})`);
  }
  const secret = text.split(/\r?\n/)[0]?.trim() ?? "";
  if (secret.length < min) {
    throw new StartError(
      `${flag} ${path}: its first line must hold ${what} of at least ${min} characters${example}`,
    );
  }
  return secret;
}

/** 256 random bits, base64url: the token generated when the operator gives none. */
export function generateToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** Writes a generated token to `<dir>/http-token`, mode 0600, never through a symlink. */
async function saveToken(dir: string, token: string): Promise<string> {
  const path = join(dir, "http-token");
  await Deno.mkdir(dir, { recursive: true, mode: 0o700 });
  // A fresh file every start: the old one (or a planted symlink) goes first, then O_EXCL.
  await Deno.remove(path).catch((err) => {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  });
  const file = await Deno.open(path, { write: true, createNew: true, mode: 0o600 });
  try {
    await file.write(new TextEncoder().encode(`${token}\n`));
  } finally {
    file.close();
  }
  return path;
}

/**
 * The bearer token HTTP requires: --http-token, else the first line of --http-token-file, else
 * one generated now, printed once to stderr and written 0600 to the state directory.
 */
export async function resolveHttpToken(
  config: Config,
  options: { home?: string; print?: (line: string) => void } = {},
): Promise<string> {
  if (config.http.token) return config.http.token;
  if (config.http.tokenFile) {
    return await readSecretLine("--http-token-file", config.http.tokenFile, 16, "a token");
  }
  const print = options.print ?? ((line: string) => console.error(line));
  const token = generateToken();
  const dir = stateDir(options.home);
  const saved = await saveToken(dir, token).then(
    (path) => `; also written to ${path} (mode 0600)`,
    (err) => `; it could not be written to ${dir} (${(err as Error).message})`,
  );
  print(`aws-mcp: HTTP bearer token (generated, shown once${saved}): ${token}`);
  return token;
}
