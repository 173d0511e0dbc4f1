import { parseArgs } from "node:util";
import { regionProblem } from "../schemas/region_codes.ts";
import type { ToolMeta } from "../tools/tool.ts";
import { TOOLSETS } from "./catalogue.ts";
import { type Config, defaultKeysDir, isLoopback } from "./config.ts";
import { policyFor } from "./policy.ts";
import { FLAG_FOR, modeAllows, reachableTools, selectTools } from "./selection.ts";
import { VERSION } from "./version.ts";

/** What `main.ts` should do: serve with a config, or print and exit. */
export type CliOutcome =
  | { action: "serve"; config: Config }
  | { action: "exit"; code: 0 | 2; stdout?: string; stderr?: string };

/** Every flag, its variable and its help line: the source of --help and the README. */
export const OPTIONS = {
  region: { type: "string", env: "AWS_MCP_REGION", help: "Default region for every tool" },
  profile: {
    type: "string",
    env: "AWS_MCP_PROFILE",
    help: "Named profile (wins over AWS_* credential variables)",
  },
  toolsets: {
    type: "string",
    env: "AWS_MCP_TOOLSETS",
    help:
      "Comma-separated toolsets (and/or default), or all; the agent may enable no others. Unset: the default ones, others on demand",
  },
  tools: { type: "string", env: "AWS_MCP_TOOLS", help: "Comma-separated tool names, or all" },
  "dynamic-toolsets": {
    type: "string",
    env: "AWS_MCP_DYNAMIC_TOOLSETS",
    help: "false: no aws_list_toolsets/aws_enable_toolsets, a fixed catalogue (default true)",
  },
  "allow-write": {
    type: "boolean",
    env: "AWS_MCP_ALLOW_WRITE",
    help: "Register tools that change resources",
  },
  "allow-destructive": {
    type: "boolean",
    env: "AWS_MCP_ALLOW_DESTRUCTIVE",
    help: "Also register tools that delete or terminate (implies --allow-write)",
  },
  "waive-confirmation": {
    type: "boolean",
    env: "AWS_MCP_WAIVE_CONFIRMATION",
    help: "Let destructive calls proceed when the client cannot ask the user (audited as waived)",
  },
  "confirm-key-file": {
    type: "string",
    env: "AWS_MCP_CONFIRM_KEY_FILE",
    help:
      "Its first line (32+ chars) seals confirmation challenges; the same for every HTTP replica",
  },
  regions: {
    type: "string",
    env: "AWS_MCP_REGIONS",
    help: "Comma-separated allowlist; calls to other regions are refused",
  },
  "require-tag": {
    type: "string",
    env: "AWS_MCP_REQUIRE_TAG",
    help: "key=value: only resources with this tag may be changed; created ones get it",
  },
  "audit-log": {
    type: "string",
    env: "AWS_MCP_AUDIT_LOG",
    help: "Append one JSON line per mutating call or dry run to this file",
  },
  "keys-dir": {
    type: "string",
    env: "AWS_MCP_KEYS_DIR",
    help: "Directory for new key pairs' private keys (default ~/.ssh/aws-mcp)",
  },
  "role-arn": {
    type: "string",
    multiple: true,
    env: "AWS_MCP_ROLE_ARNS",
    help:
      "[alias=]ARN of a role tools may assume via role_arn; repeat for several (comma-separated in the variable)",
  },
  "role-session-name": {
    type: "string",
    env: "AWS_MCP_ROLE_SESSION_NAME",
    help: "Session name for assumed roles (default aws-mcp)",
  },
  "role-external-id": {
    type: "string",
    env: "AWS_MCP_ROLE_EXTERNAL_ID",
    help: "External id the roles' trust policies require",
  },
  transport: { type: "string", env: "AWS_MCP_TRANSPORT", help: "stdio (default) or http" },
  host: {
    type: "string",
    env: "AWS_MCP_HOST",
    help: "HTTP: address to bind (default 127.0.0.1, or ::1; others need a token of yours)",
  },
  port: { type: "string", env: "AWS_MCP_PORT", help: "HTTP: port (default 8080)" },
  "http-token": {
    type: "string",
    env: "AWS_MCP_HTTP_TOKEN",
    help:
      "HTTP: bearer token clients must send (visible in ps: prefer --http-token-file); generated when absent",
  },
  "http-token-file": {
    type: "string",
    env: "AWS_MCP_HTTP_TOKEN_FILE",
    help:
      "HTTP: read the bearer token from this file (under ~/.local/state/aws-mcp for deno task start)",
  },
  "allowed-origins": {
    type: "string",
    env: "AWS_MCP_ALLOWED_ORIGINS",
    help: "HTTP: comma-separated browser origins allowed besides loopback",
  },
  "reveal-secrets": {
    type: "boolean",
    env: "AWS_MCP_REVEAL_SECRETS",
    help: "Show secret-looking values in user data and launch data unmasked",
  },
  "list-tools": {
    type: "boolean",
    env: undefined,
    help: "Print the tools this configuration registers and exit",
  },
  version: { type: "boolean", env: undefined, help: "Print the version and exit" },
  help: { type: "boolean", env: undefined, help: "Print this help and exit" },
} as const;

type Env = Record<string, string | undefined>;

/** The `--help` text. */
export function helpText(): string {
  const rows = Object.entries(OPTIONS).map(([name, o]) => {
    const flag = `--${name}${o.type === "string" ? " VALUE" : ""}`;
    return `  ${flag.padEnd(26)}${o.help}${o.env ? ` [${o.env}]` : ""}`;
  });
  return [
    `aws-mcp ${VERSION}: an MCP server for AWS (stdio or Streamable HTTP).`,
    "",
    "Usage: aws-mcp [flags]            serve MCP (stdio, or --transport http)",
    "       aws-mcp policy [flags]     print the IAM policy of every tool these flags let the server register or enable",
    "",
    ...rows,
    "",
    "Flags win over AWS_MCP_* variables, which win over AWS_REGION / AWS_PROFILE and the profile.",
    "Boolean variables accept 1/true/yes and 0/false/no.",
  ].join("\n");
}

class UsageError extends Error {}

type StringOption = {
  [K in keyof typeof OPTIONS]: (typeof OPTIONS)[K]["type"] extends "string" ? K : never;
}[keyof typeof OPTIONS];

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const ALIAS = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * `[alias=]ARN`: split at the first `=` only when what precedes it is a valid alias, since role
 * names may contain `=` themselves (`role/a=b` is one ARN, never alias `role/a` of `b`).
 */
export function parseRole(entry: string): Config["roles"][number] {
  const at = entry.indexOf("=");
  const prefix = at > 0 ? entry.slice(0, at) : undefined;
  const [alias, arn] = prefix !== undefined && ALIAS.test(prefix)
    ? [prefix, entry.slice(at + 1)]
    : [undefined, entry];
  if (!ROLE_ARN.test(arn)) {
    throw new UsageError(
      `--role-arn: expected [alias=]arn:aws:iam::123456789012:role/Name (alias: lowercase letters, digits, - or _), got ${
        JSON.stringify(entry)
      }`,
    );
  }
  return { alias, arn };
}

function parseRoles(entries: readonly string[]): Config["roles"] {
  return entries.map(parseRole);
}

/**
 * AWS_MCP_ROLE_ARNS: entries separated by commas, split only before the start of a new entry
 * (`alias=arn:` or `arn:`), because role names may contain commas too. Nothing is dropped: an
 * entry that is not a role ARN fails the start.
 */
export function splitRoleList(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  return value.split(/,(?=\s*(?:[a-z0-9][a-z0-9_-]{0,31}=)?arn:)/).map((s) => s.trim());
}

function parseTransport(value: string | undefined): Config["transport"] {
  if (value === undefined || value === "stdio" || value === "http") return value ?? "stdio";
  throw new UsageError(`--transport: expected stdio or http, got ${JSON.stringify(value)}`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port: expected an integer from 0 to 65535, got ${JSON.stringify(value)}`,
    );
  }
  return port;
}

function parseTag(value: string | undefined): Config["requireTag"] {
  if (value === undefined) return undefined;
  const match = /^([^=]{1,128})=(.{0,256})$/.exec(value);
  if (!match) {
    throw new UsageError(`--require-tag: expected key=value, got ${JSON.stringify(value)}`);
  }
  return { key: match[1]!, value: match[2]! };
}

function boolFromEnv(name: string, value: string | undefined): boolean | undefined {
  if (value === undefined || value === "") return undefined;
  const v = value.toLowerCase();
  if (["1", "true", "yes"].includes(v)) return true;
  if (["0", "false", "no"].includes(v)) return false;
  throw new UsageError(`${name}: expected 1/true/yes or 0/false/no, got ${JSON.stringify(value)}`);
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(",").map((s) => s.trim()).filter(Boolean);
  return items.includes("all") ? undefined : items;
}

/** Parses flags and `AWS_MCP_*` variables against the inventory; never exits by itself. */
export function parseCli(
  args: readonly string[],
  env: Env,
  inventory: readonly ToolMeta[],
): CliOutcome {
  try {
    return parse(args, env, inventory);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { action: "exit", code: 2, stderr: `aws-mcp: ${message}` };
  }
}

/**
 * --toolsets: unset gives the default toolsets at start (every toolset when --tools names tools)
 * and lets the agent enable any other; names (with `default` for the default ones) are both what
 * starts and all the agent may ever enable; `all` registers every toolset.
 */
function resolveToolsets(
  value: string | undefined,
  tools: readonly string[] | undefined,
  known: readonly string[],
): Pick<Config, "toolsets" | "allowedToolsets"> {
  const defaults = TOOLSETS.filter((t) => t.default).map((t) => t.name);
  if (value === undefined) {
    return { toolsets: tools ? undefined : defaults, allowedToolsets: undefined };
  }
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) {
    if (!known.includes(name) && name !== "default" && name !== "all") {
      throw new UsageError(
        `unknown toolset "${name}"; valid toolsets: ${[...known, "default", "all"].join(", ")}`,
      );
    }
  }
  if (names.includes("all")) return { toolsets: undefined, allowedToolsets: undefined };
  const chosen = [...new Set(names.flatMap((n) => n === "default" ? defaults : [n]))];
  return { toolsets: chosen, allowedToolsets: chosen };
}

function parse(
  args: readonly string[],
  env: Env,
  inventory: readonly ToolMeta[],
): CliOutcome {
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    const options = Object.fromEntries(
      Object.entries(OPTIONS).map(([k, o]) => [k, { type: o.type, multiple: "multiple" in o }]),
    );
    ({ values, positionals } = parseArgs({
      args: [...args],
      options,
      strict: true,
      allowPositionals: true,
    }));
  } catch (err) {
    const valid = Object.keys(OPTIONS).map((k) => `--${k}`).join(", ");
    // Node's message goes on about positionals after its first sentence; the name is enough.
    const detail = err instanceof Error ? err.message.split(/\.(\s|$)/)[0] : "";
    throw new UsageError(`${detail}; valid flags: ${valid}`);
  }
  if (values.help) return { action: "exit", code: 0, stdout: helpText() };
  if (values.version) return { action: "exit", code: 0, stdout: `aws-mcp ${VERSION}` };
  const [command, ...extra] = positionals;
  if ((command !== undefined && command !== "policy") || extra.length) {
    throw new UsageError(
      `unknown command ${
        JSON.stringify(command === "policy" ? extra[0] : command)
      }; the only command is policy`,
    );
  }

  const str = (name: Exclude<StringOption, "role-arn">) =>
    (values[name] as string | undefined) ?? (env[OPTIONS[name].env] || undefined);
  const bool = (
    name: "allow-write" | "allow-destructive" | "waive-confirmation" | "reveal-secrets",
  ) =>
    (values[name] as boolean | undefined) ??
      boolFromEnv(OPTIONS[name].env, env[OPTIONS[name].env]) ??
      false;
  const dynamic = str("dynamic-toolsets");

  const region = str("region");
  const regions = list(str("regions"));
  for (const r of [region, ...(regions ?? [])]) {
    const problem = r === undefined ? undefined : regionProblem(r);
    if (problem) throw new UsageError(problem);
  }
  if (region && regions && !regions.includes(region)) {
    throw new UsageError(`--region ${region} is outside --regions ${regions.join(",")}`);
  }
  const tools = list(str("tools"));
  const known = [...new Set([...TOOLSETS.map((t) => t.name), ...inventory.map((t) => t.toolset)])];
  const config: Config = {
    region,
    profile: str("profile"),
    ...resolveToolsets(str("toolsets"), tools, known),
    tools,
    dynamicToolsets: boolFromEnv("--dynamic-toolsets", dynamic) ?? true,
    allowWrite: bool("allow-write"),
    allowDestructive: bool("allow-destructive"),
    waiveConfirmation: bool("waive-confirmation"),
    confirmKeyFile: str("confirm-key-file"),
    revealSecrets: bool("reveal-secrets"),
    regions,
    requireTag: parseTag(str("require-tag")),
    auditLog: str("audit-log"),
    keysDir: str("keys-dir") ?? defaultKeysDir(env.HOME ?? env.USERPROFILE),
    roles: parseRoles(
      (values["role-arn"] as string[] | undefined) ??
        splitRoleList(env[OPTIONS["role-arn"].env]) ?? [],
    ),
    roleSessionName: str("role-session-name") ?? "aws-mcp",
    roleExternalId: str("role-external-id"),
    caCerts: [],
    transport: parseTransport(str("transport")),
    http: {
      host: str("host") ?? "127.0.0.1",
      port: parsePort(str("port")),
      token: str("http-token"),
      tokenFile: str("http-token-file"),
      allowedOrigins: list(str("allowed-origins")) ?? [],
    },
  };
  if (config.http.token && config.http.tokenFile) {
    throw new UsageError("--http-token and --http-token-file: give one of them, not both");
  }
  if (
    command !== "policy" && config.transport === "http" && !isLoopback(config.http.host) &&
    !config.http.token && !config.http.tokenFile
  ) {
    throw new UsageError(
      `--host ${config.http.host} is not loopback: set --http-token-file (or --http-token) so only your clients get in`,
    );
  }

  for (const name of config.tools ?? []) {
    const tool = inventory.find((t) => t.name === name);
    if (!tool) {
      throw new UsageError(
        `unknown tool "${name}"; valid tools: ${inventory.map((t) => t.name).join(", ")}, all`,
      );
    }
    if (!modeAllows(config, tool.access)) {
      throw new UsageError(
        `tool "${name}" is ${tool.access}: add ${FLAG_FOR[tool.access]} to use it`,
      );
    }
  }

  if (command === "policy") {
    // Everything the server may register or let the agent enable, so enabling never hits a wall.
    const policy = policyFor(reachableTools(inventory, config));
    return { action: "exit", code: 0, stdout: JSON.stringify(policy, null, 2) };
  }
  if (values["list-tools"]) {
    const selected = selectTools(inventory, config);
    const width = Math.max(0, ...selected.map((t) => t.name.length)) + 2;
    const rows = selected.map((t) => `${t.name.padEnd(width)}${t.access.padEnd(13)}${t.title}`);
    return { action: "exit", code: 0, stdout: rows.join("\n") };
  }
  return { action: "serve", config };
}
