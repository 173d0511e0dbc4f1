import { z } from "zod";

/** The largest page a list tool returns. */
export const MAX_PAGE = 200;
/** The page size when `max_results` is not given. */
export const DEFAULT_PAGE = 25;

/**
 * Paging inputs shared by every list tool. The instructions explain them once (server/server.ts),
 * so they carry no description: each word here would cost the model tokens on every list tool.
 */
export const pageInput = {
  max_results: z.int().min(1).max(MAX_PAGE).optional(),
  next_token: z.string().min(1).max(2048).optional(),
};

/** Paging output shared by every list tool: present only when more rows exist. */
export const pageOutput = {
  next_token: z.string().optional(),
};
