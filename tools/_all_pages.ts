import type { AwsPage } from "../aws/paging.ts";

/** Upper bound on AWS calls, so an emulator that repeats tokens cannot loop forever. */
const MAX_CALLS = 20;

/**
 * Every item across AWS pages, for tools that answer in one byte-bounded result instead of
 * paging: follows NextToken until it ends, repeats itself or `maxCalls` is reached.
 */
export async function allPages<T>(
  fetch: (awsToken: string | undefined) => Promise<AwsPage<T>>,
  maxCalls = MAX_CALLS,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let calls = 0; calls < maxCalls; calls++) {
    const page = await fetch(token);
    items.push(...page.items);
    if (!page.nextToken || page.nextToken === token) break;
    token = page.nextToken;
  }
  return items;
}
