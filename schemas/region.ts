import { z } from "zod";
import { markedFields, unwrapSchema } from "./fields.ts";
import { regionProblem } from "./region_codes.ts";

const knownRegion = () =>
  z.string().superRefine((value, ctx) => {
    const problem = regionProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/**
 * An AWS region code such as `eu-west-1` where resources are read or changed. Every field of this
 * type (however wrapped: optional, described, in arrays) is checked against --regions by the
 * server before any AWS call, so a tool opts into the allowlist by declaring its region fields
 * with it.
 */
export const regionSchema = knownRegion();

/**
 * A region named only to look up public data (prices) from a global endpoint: not checked
 * against --regions, since no request goes there and no resource is touched.
 */
export const priceRegionSchema = knownRegion();

const REGION_CHECK = regionSchema._zod.def.checks![0];

/** Whether a schema is `regionSchema` (possibly described or wrapped in optional/default). */
export function isRegionField(schema: unknown): boolean {
  const s = unwrapSchema(schema) as { _zod?: { def: { checks?: unknown[] } } } | undefined;
  return !!s?._zod?.def.checks?.includes(REGION_CHECK);
}

/** Every value of a region-typed field in `value` (parsed by `schema`), with its path. */
export function regionFields(schema: unknown, value: unknown): { path: string; region: string }[] {
  return markedFields(schema, value, isRegionField).map((f) => ({
    path: f.path,
    region: f.value,
  }));
}
