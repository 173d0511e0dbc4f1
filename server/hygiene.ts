/** Input hygiene the SDK does not give: well-formed text. */

/**
 * The dotted path of the first string holding a lone UTF-16 surrogate ("" for the value itself),
 * or undefined. Such text cannot be encoded into a request (the SDK throws `URIError`).
 */
export function illFormedField(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return value.isWellFormed() ? undefined : path;
  if (!value || typeof value !== "object") return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (!key.isWellFormed()) return path;
    const found = illFormedField(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}
