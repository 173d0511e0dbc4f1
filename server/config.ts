/** Everything the server needs to know at start, after flags and variables are merged. */
export interface Config {
  /** Region from `--region` / `AWS_MCP_REGION`; undefined lets the SDK resolve it. */
  region: string | undefined;
  /** Profile from `--profile` / `AWS_MCP_PROFILE`; undefined uses the default chain. */
  profile: string | undefined;
  /** Toolsets to register, or undefined for all. */
  toolsets: readonly string[] | undefined;
  /** Tools to register, or undefined for all that the mode and toolsets allow. */
  tools: readonly string[] | undefined;
  /** Register `write` tools. */
  allowWrite: boolean;
  /** Register `destructive` tools (implies write). */
  allowDestructive: boolean;
  /** Return secret-looking values in user data and launch data unmasked. */
  revealSecrets: boolean;
}

/** The read-only configuration with everything else left to the SDK. */
export const defaultConfig: Config = {
  region: undefined,
  profile: undefined,
  toolsets: undefined,
  tools: undefined,
  allowWrite: false,
  allowDestructive: false,
  revealSecrets: false,
};

/** A short name for the mode, for instructions and logs. */
export function modeName(config: Config): string {
  if (config.allowDestructive) return "read, write and destructive";
  return config.allowWrite ? "read and write" : "read-only";
}
