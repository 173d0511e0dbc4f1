import { prune } from "../../schemas/compact.ts";
import { readUserData } from "../_user_data.ts";

/** User data shown at most, in bytes, inside launch data. */
export const MAX_USER_DATA = 32_000;

/**
 * Base64 user data as one string for launch data: the text (masked unless `reveal`, cut at
 * MAX_USER_DATA) or a bracketed description of what is not shown.
 */
export async function decodeUserData(
  encoded: string,
  reveal: boolean,
): Promise<{ text: string; masked: number }> {
  const data = await readUserData(encoded, { reveal, maxBytes: MAX_USER_DATA });
  if (!data) return { text: "[not valid base64, not shown]", masked: 0 };
  if (data.binary) return { text: `[binary, ${data.bytes} bytes, not shown]`, masked: 0 };
  const cut = data.truncated ? `\n[cut at ${MAX_USER_DATA} bytes]` : "";
  return { text: `${data.text}${cut}`, masked: data.masked };
}

/**
 * Pruned launch data (a launch template version's or a spot request's launch specification)
 * with its `UserData` decoded and masked; `masked` counts the values hidden.
 */
export async function readableLaunchData(
  data: { UserData?: string | undefined } | undefined,
  reveal: boolean,
): Promise<{ data: Record<string, unknown> | undefined; masked: number }> {
  if (!data) return { data: undefined, masked: 0 };
  const pruned = prune(data) as Record<string, unknown> | undefined;
  if (!pruned || typeof data.UserData !== "string" || !data.UserData) {
    return { data: pruned, masked: 0 };
  }
  const { text, masked } = await decodeUserData(data.UserData, reveal);
  return { data: { ...pruned, UserData: text }, masked };
}
