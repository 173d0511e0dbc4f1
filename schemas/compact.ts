/** Drops keys whose value is undefined, null or an empty string, so rows stay small. */
export function compact<T extends Record<string, unknown>>(row: T): T {
  return Object.fromEntries(
    Object.entries(row).filter(([, v]) => v !== undefined && v !== null && v !== ""),
  ) as T;
}
