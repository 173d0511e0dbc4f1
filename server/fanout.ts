/**
 * One list call over many regions: every region's page is fetched concurrently (so N regions
 * cost about one region's latency), each region is named once above its rows, a region that
 * fails is reported in its place, and paging stays stateless: next_token holds each region's
 * own token. Grouping (`group_by`) runs here too, in one region or many: it reads every
 * matching row, then pages the groups.
 */
import { formatError, mapError, ToolError } from "../aws/errors.ts";
import { mapLimit } from "../aws/limit.ts";
import { enabledRegions } from "../aws/regions.ts";
import { DEFAULT_PAGE } from "../schemas/paging.ts";
import { maskResourceText } from "../schemas/secrets.ts";
import { hashKey, paginate } from "../aws/paging.ts";
import { assertRegionAllowed } from "./regions_guard.ts";
import { type CallDeps, contextFor, describeIssues, errorResult } from "./call.ts";
import { withNotFound } from "./not_found.ts";
import { collectRows, groupRows, MAX_GROUPED_ROWS, project, summedColumns } from "./shape.ts";
import { MAX_PAGE } from "../schemas/paging.ts";
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

/**
 * The regions a call names: "all" is the account's enabled ones, within --regions; one region
 * (a grouping in one region), or none (the configured one).
 */
async function resolveRegions(
  regions: "all" | string[] | string | undefined,
  deps: CallDeps,
  role: string | undefined,
): Promise<string[]> {
  const allowed = deps.config.regions;
  if (regions === undefined || (typeof regions === "string" && regions !== "all")) {
    const region = regions ?? await deps.aws.defaultRegion();
    assertRegionAllowed(region, allowed);
    return [region];
  }
  if (Array.isArray(regions)) {
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

/** How the rows are shaped: chosen columns, or groups instead of rows. */
export interface ShapeOptions {
  fields?: string[] | undefined;
  group_by?: string[] | undefined;
}

/** Runs a list tool in several regions (or groups its rows) and answers one bounded page. Never throws. */
export async function fanOutCall(
  tool: RegisteredTool,
  input: Record<string, unknown>,
  regionsArg: "all" | string[] | string | undefined,
  deps: CallDeps,
  role?: string,
  shape: ShapeOptions = {},
): Promise<CallToolResult> {
  const { definition } = tool;
  const rows = tool.fanOut!;
  const rowsKey = rows.rowsKey;
  try {
    const regions = await resolveRegions(regionsArg, deps, role);
    const { max_results, next_token, ...selection } = input as {
      max_results?: number;
      next_token?: string;
    };
    const max = max_results ?? DEFAULT_PAGE;
    const hash = hashKey({ ...selection, ...shape, regions, tool: definition.name });
    const home = regions.length === 1 ? regions[0]! : await deps.aws.defaultRegion();
    const account = deps.aws.scope(home, deps.signal, role).identity().then(
      (id) => id.account,
      () => "unknown",
    );

    const run = (region: string, pageSize: number, token: string | undefined) => {
      const ctx = contextFor(region, deps.aws.scope(region, deps.signal, role), deps, {
        dryRun: false,
        confirm: () => Promise.reject(new ToolError("InternalError", "read tools do not confirm")),
        attachImage: () => {},
      });
      return withNotFound(
        tool.idList,
        definition.handler as (i: Record<string, unknown>, c: unknown) => Promise<never>,
        { ...selection, max_results: pageSize, ...(token ? { next_token: token } : {}) },
        ctx,
      );
    };
    const failure = (region: string, err: unknown) => {
      if (deps.signal.aborted) throw err;
      return formatError(mapError(err, { iam: definition.iam, region, profile: deps.aws.profile }));
    };

    /** Rows region by region, each region named once above its rows. */
    const byRegion = async (state: FanState) => {
      const active = regions.filter((r) => state[r] !== true);
      const pages = await mapLimit(active, FAN_OUT_CONCURRENCY, async (region) => {
        const inner = state[region];
        try {
          return {
            region,
            data: await run(region, max, typeof inner === "string" ? inner : undefined),
          };
        } catch (err) {
          return { region, error: failure(region, err) };
        }
      });
      const groups: Record<string, unknown>[] = [];
      const next: FanState = { ...state };
      const missing: string[][] = [];
      let taken = 0;
      for (const page of pages) {
        if (taken === max) break; // this region's rows wait for the next page, its state untouched
        if (page.error !== undefined) {
          groups.push({ region: page.region, error: page.error });
          next[page.region] = true;
          continue;
        }
        let data = page.data!;
        let pageRows = (data[rowsKey] as Record<string, unknown>[]) ?? [];
        if (pageRows.length > max - taken) {
          // Cut inside this region: ask it again for just the rows that fit, so its own
          // next_token points exactly past them (its paging is deterministic).
          const inner = state[page.region];
          data = await run(page.region, max - taken, typeof inner === "string" ? inner : undefined);
          pageRows = (data[rowsKey] as Record<string, unknown>[]) ?? [];
        }
        taken += pageRows.length;
        groups.push({ region: page.region, [rowsKey]: project(pageRows, shape.fields, rows.key) });
        next[page.region] = typeof data.next_token === "string" ? data.next_token : true;
        missing.push((data.not_found as string[] | undefined) ?? []);
      }
      // An id is missing when no region that answered has it.
      const notFound = missing.length
        ? missing[0]!.filter((id) => missing.every((m) => m.includes(id)))
        : [];
      const more = regions.some((r) => next[r] !== true);
      return {
        regions: groups,
        ...(notFound.length ? { not_found: notFound } : {}),
        ...(more ? { next_token: encode(next, hash) } : {}),
      };
    };

    /** Counts and sums over every matching row of every region, one page of groups. */
    const grouped = async (by: string[], fields: string[] | undefined) => {
      const budget = Math.ceil(MAX_GROUPED_ROWS / regions.length);
      const collected = await mapLimit(regions, FAN_OUT_CONCURRENCY, async (region) => {
        try {
          return {
            region,
            ...(await collectRows(
              (size, token) => run(region, size, token),
              rowsKey,
              budget,
              MAX_PAGE,
            )),
          };
        } catch (err) {
          return { region, error: failure(region, err) };
        }
      });
      const all: Record<string, unknown>[] = [];
      const errors: { region: string; error: string }[] = [];
      const stopped: string[] = [];
      for (const c of collected) {
        if ("error" in c && c.error !== undefined) {
          errors.push({ region: c.region, error: c.error });
          continue;
        }
        if (!c.complete) stopped.push(c.region);
        all.push(...c.rows!.map((r) => ({ ...r, region: c.region })));
      }
      const groups = groupRows(all, by, summedColumns(rows, fields));
      const page = await paginate({
        maxResults: max,
        nextToken: next_token,
        key: { hash },
        fetch: () => Promise.resolve({ items: groups }),
      });
      return {
        groups: page.items,
        ...(stopped.length
          ? {
            incomplete: `counted the first ${all.length} rows; more match in ${
              stopped.join(", ")
            }: narrow the filters`,
          }
          : {}),
        ...(errors.length ? { errors } : {}),
        ...(page.nextToken ? { next_token: page.nextToken } : {}),
      };
    };

    let data: Record<string, unknown>;
    if (shape.group_by) {
      data = await grouped(shape.group_by, shape.fields);
    } else {
      data = await byRegion(next_token ? decode(next_token, hash) : {});
    }
    const result = tool.output.safeParse({
      account: await account,
      // "all" for every enabled region: 38 joined names cost tokens and say nothing more.
      ...(shape.group_by ? { region: regionsArg === "all" ? "all" : regions.join(",") } : {}),
      // Names, tags and descriptions in rows (and group values) are masked like any result's.
      ...(deps.config.revealSecrets ? data : maskResourceText(data).value as typeof data),
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
