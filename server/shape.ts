/**
 * The shape of a list tool's answer, shared by every list tool: `fields` chooses the row's
 * columns, `group_by` answers counts and sums per group instead of rows. The registry adds both
 * options to every tool with one rows array; the server applies them around the handler, so a
 * tool only ever returns its full rows.
 */
import { z } from "zod";

/** What the server knows about a list tool's rows. */
export interface RowShape {
  /** The output key holding the rows. */
  rowsKey: string;
  /** The row's columns, in schema order. */
  columns: string[];
  /** The column that names a row: `id`, or the first column. Always kept by `fields`. */
  key: string;
  /** Columns holding numbers: summed per group. */
  numeric: string[];
}

/** A group of rows: the `group_by` values, `count`, and the sum of each numeric column. */
export type Group = Record<string, string | number | boolean | null>;

/** At most this many rows are grouped per call; past it the answer says it stopped early. */
export const MAX_GROUPED_ROWS = 20_000;
/** Handler pages read per region while grouping (each up to the largest page). */
export const MAX_GROUPED_PAGES = 100;

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

/** The row shape of a list tool's row schema. */
export function rowShape(rowsKey: string, row: z.ZodObject): RowShape {
  const columns = Object.keys(row.shape);
  return {
    rowsKey,
    columns,
    key: columns.includes("id") ? "id" : columns[0]!,
    numeric: columns.filter((c) => unwrap(row.shape[c] as z.ZodType) instanceof z.ZodNumber),
  };
}

// A column name, checked here (the error names the valid ones) rather than listed in the schema:
// the model sees a row's columns in the tool's description and its first answer, and an enum
// per tool would cost the catalogue tens of tokens each.
function column(valid: readonly string[]) {
  return z.string().refine((c) => valid.includes(c), {
    error: (issue) =>
      `unknown column ${JSON.stringify(issue.input)}; expected one of ${valid.join(", ")}`,
  });
}

/** The shared inputs: `fields` (row columns) and `group_by` (row columns or `region`). */
export function shapeInput(shape: RowShape) {
  return {
    fields: z.array(column(shape.columns)).min(1).max(40).optional(),
    group_by: z.array(column([...shape.columns, "region"])).min(1).max(4).optional(),
  };
}

/** The shared outputs: rows as the tool returns them but any column may be left out by `fields`. */
export function shapeOutput(shape: RowShape, row: z.ZodObject) {
  const partialRow = row.partial();
  return {
    [shape.rowsKey]: z.array(partialRow).optional(),
    // A fan-out names each region once, above its rows (or its error).
    regions: z.array(
      z.object({
        region: z.string(),
        [shape.rowsKey]: z.array(partialRow).optional(),
        error: z.string().optional(),
      }),
    ).optional(),
    groups: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])))
      .optional(),
    incomplete: z.string().optional(),
    errors: z.array(z.object({ region: z.string(), error: z.string() })).optional(),
  };
}

/** Keeps the chosen columns of each row, and always its key column. */
export function project(
  rows: readonly Record<string, unknown>[],
  fields: readonly string[] | undefined,
  key: string,
): Record<string, unknown>[] {
  if (!fields) return [...rows];
  const keep = new Set([key, ...fields]);
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => keep.has(k))));
}

type Scalar = string | number | boolean | null;

function scalar(value: unknown): Scalar {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return value;
  }
  return JSON.stringify(value);
}

// An array column (security groups, dimensions) counts a row once in each of its values' groups.
function values(value: unknown): Scalar[] {
  if (Array.isArray(value)) return value.length ? value.map(scalar) : [null];
  return [scalar(value)];
}

function combinations(row: Record<string, unknown>, by: readonly string[]): Scalar[][] {
  let out: Scalar[][] = [[]];
  for (const column of by) {
    const vs = values(row[column]);
    out = out.flatMap((prefix) => vs.map((v) => [...prefix, v]));
  }
  return out;
}

/**
 * Counts rows per combination of the `by` columns and sums the `sum` columns, most populous
 * group first (ties by their values, so the order is stable across pages).
 */
export function groupRows(
  rows: readonly Record<string, unknown>[],
  by: readonly string[],
  sum: readonly string[],
): Group[] {
  const summed = sum.filter((c) => !by.includes(c));
  const groups = new Map<string, Group>();
  for (const row of rows) {
    for (const combination of combinations(row, by)) {
      const id = JSON.stringify(combination);
      let group = groups.get(id);
      if (!group) {
        group = Object.fromEntries(by.map((c, i) => [c, combination[i]!]));
        group.count = 0;
        groups.set(id, group);
      }
      group.count = (group.count as number) + 1;
      // A sum appears only where some row of the group has that number.
      for (const c of summed) {
        const v = row[c];
        if (typeof v === "number") group[c] = ((group[c] as number | undefined) ?? 0) + v;
      }
    }
  }
  const out = [...groups.entries()].map(([id, g]) => {
    // Sums of fractional columns (prices) are rounded, so float noise does not cost tokens.
    for (const c of summed) {
      if (typeof g[c] === "number") g[c] = Math.round(g[c] * 100) / 100;
    }
    return { id, g };
  });
  out.sort((a, b) =>
    (b.g.count as number) - (a.g.count as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
  return out.map(({ g }) => g);
}

/** The numeric columns a grouping sums: those chosen by `fields`, else all of them. */
export function summedColumns(shape: RowShape, fields: readonly string[] | undefined): string[] {
  return fields ? shape.numeric.filter((c) => fields.includes(c)) : shape.numeric;
}

/** One page of a list handler: its rows and where the next page starts. */
export type RunPage = (
  pageSize: number,
  token: string | undefined,
) => Promise<Record<string, unknown>>;

/**
 * Every row a list handler answers, page after page, until the rows end or a bound is reached;
 * `complete` is false when a bound stopped it.
 */
export async function collectRows(
  run: RunPage,
  rowsKey: string,
  budget: number,
  pageSize: number,
): Promise<{ rows: Record<string, unknown>[]; complete: boolean; extra: Record<string, unknown> }> {
  const rows: Record<string, unknown>[] = [];
  let token: string | undefined;
  let extra: Record<string, unknown> = {};
  for (let page = 0; page < MAX_GROUPED_PAGES; page++) {
    const data = await run(pageSize, token);
    const { [rowsKey]: pageRows, next_token, ...rest } = data;
    extra = { ...extra, ...rest };
    rows.push(...((pageRows as Record<string, unknown>[] | undefined) ?? []));
    if (typeof next_token !== "string" || next_token === token) {
      return { rows, complete: true, extra };
    }
    if (rows.length >= budget) return { rows, complete: false, extra };
    token = next_token;
  }
  return { rows, complete: false, extra };
}
