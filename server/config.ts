/** Everything the server needs to know at start, after flags and variables are merged. */
export interface Config {
  /** Region from `--region` / `AWS_MCP_REGION`; undefined lets the SDK resolve it. */
  region: string | undefined;
  /** Profile from `--profile` / `AWS_MCP_PROFILE`; undefined uses the default chain. */
  profile: string | undefined;
  /** Toolsets registered at start, or undefined for all (the CLI's default: the default ones). */
  toolsets: readonly string[] | undefined;
  /** Toolsets the agent may have at all, registered or enabled later (--toolsets names them), or undefined for any. */
  allowedToolsets: readonly string[] | undefined;
  /** Tools to register, or undefined for all that the mode and toolsets allow. */
  tools: readonly string[] | undefined;
  /** Offer aws_list_toolsets and aws_enable_toolsets, so the agent can add toolsets. */
  dynamicToolsets: boolean;
  /** Register `write` tools. */
  allowWrite: boolean;
  /** Register `destructive` tools (implies write). */
  allowDestructive: boolean;
  /** Let confirmable calls proceed when the client cannot ask the human (audited as waived). */
  waiveConfirmation: boolean;
  /** Return secret-looking values in user data and launch data unmasked. */
  revealSecrets: boolean;
  /** Regions calls may go to, or undefined for any. */
  regions: readonly string[] | undefined;
  /** A tag every mutated resource must carry, and every created one gets. */
  requireTag: { key: string; value: string } | undefined;
  /** Append-only JSON-lines file recording every mutating call and dry run. */
  auditLog: string | undefined;
  /** Where new key pairs' private keys are written (mode 0600). */
  keysDir: string;
  /** Roles tools may act as (`role_arn` input), by ARN and optional short alias. */
  roles: readonly { alias: string | undefined; arn: string }[];
  /** Session name and external id used when assuming those roles. */
  roleSessionName: string;
  roleExternalId: string | undefined;
  /** PEM texts to trust besides the built-in roots (AWS_CA_BUNDLE or ca_bundle, NODE_EXTRA_CA_CERTS). */
  caCerts: readonly string[];
  /** A file holding the key that seals confirmation challenges (shared by replicas). */
  confirmKeyFile?: string | undefined;
  /** stdio for a local client; http serves Streamable HTTP (stateless). */
  transport: "stdio" | "http";
  /** Where and how HTTP listens. */
  http: {
    host: string;
    port: number;
    /** The bearer token; when neither it nor tokenFile is given, one is generated at start. */
    token: string | undefined;
    /** A file holding the bearer token (kept out of `ps`). */
    tokenFile: string | undefined;
    allowedOrigins: readonly string[];
  };
}

/** The read-only configuration with everything else left to the SDK. */
export function defaultConfig(): Config {
  return {
    region: undefined,
    profile: undefined,
    toolsets: undefined,
    allowedToolsets: undefined,
    tools: undefined,
    dynamicToolsets: true,
    allowWrite: false,
    allowDestructive: false,
    waiveConfirmation: false,
    revealSecrets: false,
    regions: undefined,
    requireTag: undefined,
    auditLog: undefined,
    keysDir: defaultKeysDir(),
    roles: [],
    roleSessionName: "aws-mcp",
    roleExternalId: undefined,
    caCerts: [],
    transport: "stdio",
    http: {
      host: "127.0.0.1",
      port: 8080,
      token: undefined,
      tokenFile: undefined,
      allowedOrigins: [],
    },
  };
}

/** `~/.ssh/aws-mcp`, where the start task may write. */
export function defaultKeysDir(
  home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".",
): string {
  return `${home}/.ssh/aws-mcp`;
}

/** A short name for the mode, for instructions and logs. */
export function modeName(config: Config): string {
  if (config.allowDestructive) return "read, write and destructive";
  return config.allowWrite ? "read and write" : "read-only";
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** Whether a host name is this machine's loopback. */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase());
}
