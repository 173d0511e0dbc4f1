import manifest from "../deno.json" with { type: "json" };

/** The server's version, from deno.json. */
export const VERSION: string = manifest.version;

/** The user agent suffix sent with every AWS call. */
export const USER_AGENT = `aws-mcp/${VERSION}`;
