/**
 * Id lists that tolerate the missing: AWS fails a whole Describe call when one id of its list
 * does not exist, naming the missing ids in the error. For every read tool with an id list, the
 * server drops the ids the error names and asks again, then lists them in `not_found`.
 */
import { z } from "zod";
import { mapLimit } from "../aws/limit.ts";
import type { ToolContext, ToolDefinition } from "../tools/tool.ts";

/** Where a read tool takes its id list, and the output array that is empty when none exist. */
export interface IdList {
  /** The input key holding the ids (`*_ids`). */
  input: string;
  /** The output array answered as empty when every id is missing; absent: the error stands. */
  emptyKey?: string;
}

/** Rounds of "drop the ids the error names, ask again" before the error stands. */
const MAX_ROUNDS = 10;
/** Ids asked alone at once, when an error names several. */
const PROBE_CONCURRENCY = 8;

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}

/** The id list of a read tool: its one `*_ids` input of strings. */
export function idListOf(definition: ToolDefinition): IdList | undefined {
  if (definition.access !== "read") return undefined;
  const keys = Object.entries(definition.input.shape).filter(([k, v]) => {
    const inner = unwrap(v as z.ZodType);
    return k.endsWith("_ids") && inner instanceof z.ZodArray &&
      unwrap(inner.element as z.ZodType) instanceof z.ZodString;
  }).map(([k]) => k);
  if (keys.length !== 1) return undefined;
  const arrays = Object.entries(definition.output.shape).filter(([, v]) =>
    (v as z.ZodType) instanceof z.ZodArray
  ).map(([k]) => k);
  return { input: keys[0]!, ...(arrays.length === 1 ? { emptyKey: arrays[0]! } : {}) };
}

/** The output field the registry adds to tools with an id list. */
export const notFoundOutput = { not_found: z.array(z.string()).optional() };

// EC2's InvalidVolume.NotFound, other services' ResourceNotFoundException or NoSuchEntity.
function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; Code?: string };
  const name = e?.Code ?? e?.name ?? "";
  return /NotFound(Exception)?$/.test(name) || name.startsWith("NoSuch");
}

// Whole ids only: a short id may be the start of a longer one.
function names(message: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?:^|[^\\w-])${escaped}(?![\\w-])`).test(message);
}

/**
 * Runs a handler, answering the ids that exist: on a NotFound error naming some of the asked
 * ids, those are set aside and the call repeated without them.
 */
export async function withNotFound(
  list: IdList | undefined,
  handler: (input: Record<string, unknown>, ctx: ToolContext) => Promise<Record<string, unknown>>,
  input: Record<string, unknown>,
  ctx: ToolContext,
): Promise<Record<string, unknown>> {
  const asked = list ? input[list.input] : undefined;
  if (!list || !Array.isArray(asked)) return handler(input, ctx);
  let ids = asked as string[];
  const missing: string[] = [];
  // In the order asked, whatever order the rounds found them in.
  const inOrder = (found: string[]) => (asked as string[]).filter((id) => found.includes(id));
  const probe = async (named: string[]) => {
    const found = await mapLimit(named, PROBE_CONCURRENCY, async (id) => {
      try {
        await handler({ ...input, [list.input]: [id] }, ctx);
        return undefined;
      } catch (err) {
        if (isNotFound(err)) return id;
        throw err;
      }
    });
    return found.filter((id): id is string => id !== undefined);
  };
  for (let round = 0;; round++) {
    try {
      const data = await handler({ ...input, [list.input]: ids }, ctx);
      return missing.length ? { ...data, not_found: inOrder(missing) } : data;
    } catch (err) {
      if (!isNotFound(err) || round >= MAX_ROUNDS) throw err;
      const message = String((err as { message?: string }).message ?? "");
      const named = ids.filter((id) => names(message, id));
      if (!named.length) throw err;
      // AWS names exactly the missing ids; an emulator may name every id asked. When several are
      // named, each is asked alone, so an id that exists is never reported missing.
      const gone = named.length === 1 ? named : await probe(named);
      if (!gone.length) throw err;
      missing.push(...gone);
      ids = ids.filter((id) => !gone.includes(id));
      if (!ids.length) {
        if (!list.emptyKey) throw err;
        return { [list.emptyKey]: [], not_found: inOrder(missing) };
      }
    }
  }
}
