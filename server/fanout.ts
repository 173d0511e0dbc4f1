/**
 * One list call over many regions: every region's page is fetched concurrently (so N regions
 * cost about one region's latency), rows are tagged with their region, a region that fails is
 * reported next to the others' rows, and paging stays stateless: next_token holds each
 * region's own token.
 */
import { formatError, mapError, ToolError } from "../aws/errors.ts";
import { mapLimit } from "../aws/limit.ts";
import { enabledRegions } from "../aws/regions.ts";
import { hashKey } from "../aws/paging.ts";
import { DEFAULT_PAGE } from "../schemas/paging.ts";
import { maskResourceText } from "../schemas/secrets.ts";
import { type CallDeps, contextFor, describeIssues, errorResult } from "./call.ts";
import type { CallToolResult } from "./mcp.ts";
import type { RegisteredTool } from "./registry.ts";

/** Regions fetched at once. */
const FAN_OUT_CONCURRENCY = 8;

/** Per region: absent = not started, true = done, a string = its own next_token. */
type FanState = Record<string, true | string>;

function encode(state: FanState, hash: string): string {
  return btoa(JSON.stringify({ s: state, h: hash })).replace(/\+/g, "-").replace(/\//g, "_")
    .replace(/=+$/, "");
}

function decode(token: string, hash: string): FanState {
  let parsed: { s?: FanState; h?: string };
  try {
    parsed = JSON.parse(atob(token.replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    throw new ToolError(
      "InvalidInput",
      "next_token: not a token this server issued",
      "omit it to start over",
    );
  }
  if (parsed.h !== hash || typeof parsed.s !== "object") {
    throw new ToolError(
      "InvalidInput",
      "next_token: issued for different filters or regions",
      "repeat the exact filters and regions of the call that returned it, or omit next_token",
    );
  }
  return parsed.s;
}

/** The regions a `regions` argument names: "all" is the account's enabled ones, within --regions. */
async function resolveRegions(
  regions: "all" | string[],
  deps: CallDeps,
  role: string | undefined,
): Promise<string[]> {
  const allowed = deps.config.regions;
  if (regions !== "all") {
    const outside = regions.filter((r) => allowed && !allowed.includes(r));
    if (outside.length) {
      throw new ToolError(
        "RegionNotAllowed",
        `regions ${outside.join(", ")} are outside this server's allowlist`,
        `use any of: ${allowed!.join(", ")}`,
      );
    }
    return [...new Set(regions)];
  }
  const home = await deps.aws.defaultRegion();
  const enabled = await enabledRegions(await deps.aws.scope(home, deps.signal, role).client("ec2"));
  return allowed ? enabled.filter((r) => allowed.includes(r)) : enabled;
}

/** Runs a list tool in several regions and merges one bounded page. Never throws. */
export async function fanOutCall(
  tool: RegisteredTool,
  input: Record<string, unknown>,
  regionsArg: "all" | string[],
  deps: CallDeps,
  role?: string,
): Promise<CallToolResult> {
  const { definition } = tool;
  const rowsKey = tool.fanOut!.rowsKey;
  try {
    const regions = await resolveRegions(regionsArg, deps, role);
    const { max_results, next_token, ...selection } = input as {
      max_results?: number;
      next_token?: string;
    };
    const max = max_results ?? DEFAULT_PAGE;
    const hash = hashKey({ ...selection, regions, tool: definition.name });
    const state: FanState = next_token ? decode(next_token, hash) : {};
    const active = regions.filter((r) => state[r] !== true);
    const home = await deps.aws.defaultRegion();
    const account = deps.aws.scope(home, deps.signal, role).identity().then(
      (id) => id.account,
      () => "unknown",
    );

    const run = (region: string, pageSize: number) => {
      const inner = state[region];
      const ctx = contextFor(region, deps.aws.scope(region, deps.signal, role), deps, {
        dryRun: false,
        confirm: () => Promise.reject(new ToolError("InternalError", "read tools do not confirm")),
        attachImage: () => {},
      });
      return definition.handler({
        ...selection,
        max_results: pageSize,
        ...(typeof inner === "string" ? { next_token: inner } : {}),
      }, ctx) as Promise<Record<string, unknown>>;
    };
    const pages = await mapLimit(active, FAN_OUT_CONCURRENCY, async (region) => {
      try {
        return { region, data: await run(region, max) };
      } catch (err) {
        if (deps.signal.aborted) throw err;
        return {
          region,
          error: mapError(err, { iam: definition.iam, region, profile: deps.aws.profile }),
        };
      }
    });

    const rows: Record<string, unknown>[] = [];
    const errors: { region: string; error: string }[] = [];
    const next: FanState = { ...state };
    let full = false;
    for (const page of pages) {
      if (full) break; // this region's rows wait for the next page, its state untouched
      if ("error" in page && page.error) {
        errors.push({ region: page.region, error: formatError(page.error) });
        next[page.region] = true;
        continue;
      }
      const data = page.data!;
      const pageRows = (data[rowsKey] as Record<string, unknown>[]) ?? [];
      const room = max - rows.length;
      if (pageRows.length <= room) {
        rows.push(...pageRows.map((r) => ({ region: page.region, ...r })));
        next[page.region] = typeof data.next_token === "string" ? data.next_token : true;
        if (rows.length === max) full = true;
      } else {
        // Cut inside this region: ask it again for just the rows that fit, so its own
        // next_token points exactly past them (its paging is deterministic).
        const cut = await run(page.region, room);
        rows.push(
          ...((cut[rowsKey] as Record<string, unknown>[]) ?? []).map((r) => ({
            region: page.region,
            ...r,
          })),
        );
        next[page.region] = typeof cut.next_token === "string" ? cut.next_token : true;
        full = true;
      }
    }
    const more = regions.some((r) => next[r] !== true);
    const result = tool.output.safeParse({
      account: await account,
      // "all" for every enabled region: 38 joined names cost tokens and say nothing more.
      region: regionsArg === "all" ? "all" : regions.join(","),
      regions,
      [rowsKey]: deps.config.revealSecrets ? rows : maskResourceText(rows).value,
      ...(errors.length ? { errors } : {}),
      ...(more ? { next_token: encode(next, hash) } : {}),
    });
    if (!result.success) {
      throw new ToolError(
        "InternalError",
        `${definition.name} fan-out output: ${describeIssues(result.error)}`,
      );
    }
    return {
      content: [{ type: "text", text: JSON.stringify(result.data) }],
      structuredContent: result.data,
    };
  } catch (err) {
    const mapped = mapError(err, {
      iam: definition.iam,
      region: "(several)",
      profile: deps.aws.profile,
    });
    if (mapped.code === "InternalError") console.error(`${definition.name}:`, err);
    return errorResult(mapped);
  }
}
