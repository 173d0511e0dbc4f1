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

/** Opens the audit log and checks the directories the server writes to. */
export async function checkStart(
  config: Config,
  home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".",
  cacheDir = defaultCacheDir(),
): Promise<Prepared> {
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
