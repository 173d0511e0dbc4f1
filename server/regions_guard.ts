/**
 * The --regions allowlist, enforced in one place: every region-typed input field (declared with
 * `regionSchema`) is checked before any AWS call, and every client a handler asks for in another
 * region is checked again, except for global services that live at a fixed endpoint.
 */
import type { AwsScope } from "../aws/clients.ts";
import { ToolError } from "../aws/errors.ts";
import { regionFields } from "../schemas/region.ts";

/**
 * Services with one fixed endpoint whatever region a call is about; README lists them. Their
 * clients are exempt from --regions (the Pricing API answers from us-east-1 for every region).
 */
export const GLOBAL_SERVICES: ReadonlySet<string> = new Set(["pricing"]);

function refuse(what: string, regions: readonly string[], allowed: readonly string[]): never {
  throw new ToolError(
    "RegionNotAllowed",
    `${what} ${regions.join(", ")} ${
      regions.length === 1 ? "is" : "are"
    } outside this server's allowlist`,
    `use one of: ${allowed.join(", ")}`,
  );
}

/** Refuses a region outside the --regions allowlist, naming the allowed ones. */
export function assertRegionAllowed(region: string, allowed: readonly string[] | undefined): void {
  if (allowed && !allowed.includes(region)) refuse("region", [region], allowed);
}

/**
 * Refuses input whose region-typed fields name a region outside the allowlist, naming the
 * field. `input` is the parsed input with the call's resolved region under `region`.
 */
export function assertRegionFields(
  schema: unknown,
  input: unknown,
  allowed: readonly string[] | undefined,
): void {
  if (!allowed) return;
  for (const { path, region } of regionFields(schema, input)) {
    if (!allowed.includes(region)) {
      refuse(path === "region" ? "region" : `${path}: region`, [region], allowed);
    }
  }
}

/** A scope whose clients in other regions must be in the allowlist too (global services aside). */
export function guardScope(scope: AwsScope, allowed: readonly string[] | undefined): AwsScope {
  if (!allowed) return scope;
  return {
    ...scope,
    region: scope.region,
    identity: () => scope.identity(),
    client: (service, region) => {
      if (GLOBAL_SERVICES.has(service)) return scope.client(service, region);
      try {
        assertRegionAllowed(region ?? scope.region, allowed);
      } catch (err) {
        return Promise.reject(err);
      }
      return scope.client(service, region);
    },
  };
}
