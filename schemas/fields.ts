/**
 * Finds the values of marked fields in parsed input by walking the input schema beside it, so a
 * shared rule (the region allowlist, --require-tag on sources) applies to every field a tool
 * declares with a marked schema, however deep, without per-tool code.
 */

type Node = { _zod?: { def: Record<string, unknown> & { type: string } } } | undefined;

/** The schema under optional/nullable/default/readonly wrappers. */
export function unwrapSchema(schema: unknown): unknown {
  let s = schema as Node;
  while (s?._zod && ["optional", "nullable", "default", "readonly"].includes(s._zod.def.type)) {
    s = s._zod.def.innerType as Node;
  }
  return s;
}

/** Every string value in `value` whose schema satisfies `marked`, with its path. */
export function markedFields(
  schema: unknown,
  value: unknown,
  marked: (schema: unknown) => boolean,
  path = "",
): { path: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (marked(schema)) return typeof value === "string" ? [{ path, value }] : [];
  const s = unwrapSchema(schema) as Node;
  const def = s?._zod?.def;
  if (!def) return [];
  const at = (key: string | number) =>
    typeof key === "number" ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  if (def.type === "array" && Array.isArray(value)) {
    return value.flatMap((v, i) => markedFields(def.element, v, marked, at(i)));
  }
  if (def.type === "object" && typeof value === "object") {
    const shape = (s as unknown as { shape: Record<string, unknown> }).shape;
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      markedFields(shape[k], v, marked, at(k))
    );
  }
  if (def.type === "record" && typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
      markedFields(def.valueType, v, marked, at(k))
    );
  }
  return [];
}
