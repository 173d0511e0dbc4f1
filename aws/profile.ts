import { regionProblem } from "../schemas/region_codes.ts";

type Env = Record<string, string | undefined>;

/** The keys of one `[section]` of an AWS config or credentials file. */
export type IniSection = Record<string, string>;

/**
 * Parses an AWS config or credentials file as the CLI does: `[section]` headers, `key = value`
 * lines, `#`/`;` comments. Indented lines belong to a nested block (`s3 =` …) and are skipped:
 * nothing here reads them.
 */
export function parseIni(text: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let current: IniSection | undefined;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*([#;].*)?$/.test(raw) || /^\s/.test(raw)) continue;
    const header = /^\[\s*([^\]]+?)\s*\]/.exec(raw);
    if (header) {
      current = sections.get(header[1]!) ?? {};
      sections.set(header[1]!, current);
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*?)\s*$/.exec(raw);
    if (pair && current) current[pair[1]!.toLowerCase()] = pair[2]!;
  }
  return sections;
}

/** What the server learned at start about the AWS setup it will use. */
export interface AwsSetup {
  /** The profile in effect (flag, else AWS_PROFILE), or undefined for the default chain. */
  profile: string | undefined;
  /** The region in effect and where it came from, if any. */
  region: string | undefined;
  regionSource: string | undefined;
  /** PEM texts to trust besides the built-in roots (AWS_CA_BUNDLE or ca_bundle, NODE_EXTRA_CA_CERTS). */
  caCerts: string[];
  /** Where those came from, for the start line. */
  caSources: string[];
  /** Problems worth a line on stderr that do not stop the server. */
  warnings: string[];
}

/** A setup problem that stops the server at start: the message names the fix. */
export class SetupError extends Error {}

function home(env: Env): string {
  return env.HOME ?? env.USERPROFILE ?? ".";
}

/** The config and credentials files the SDK reads, from the variables or their defaults. */
export function awsFiles(env: Env): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || `${home(env)}/.aws/config`,
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || `${home(env)}/.aws/credentials`,
  };
}

/** A file's text, undefined when it does not exist; a denied read becomes a SetupError naming the permission. */
function readIfPresent(path: string, what: string): string | undefined {
  // Deno grants reads per path: say which one is missing now, not "NoCredentials" on every call.
  if (Deno.permissions.querySync({ name: "read", path }).state !== "granted") {
    throw new SetupError(
      `cannot read ${what} ${path}: the sandbox lacks read permission; run deno with --allow-read=${path} (or move the file under ~/.aws)`,
    );
  }
  try {
    return Deno.readTextFileSync(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw new SetupError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

const BEGIN = "-----BEGIN CERTIFICATE-----";
const END = "-----END CERTIFICATE-----";

/** Rejects a CA file with no PEM certificate, or with one that lacks its END line. */
function checkPemMarkers(pem: string, what: string, path: string): string {
  const begins = pem.split(BEGIN).length - 1;
  if (!begins) throw new SetupError(`${what} ${path} holds no PEM certificate`);
  if (pem.split(END).length - 1 !== begins) {
    throw new SetupError(
      `${what} ${path} is not a valid PEM bundle: a certificate lacks its END line`,
    );
  }
  return pem;
}

/** Rejects a CA file Deno's TLS stack would refuse, by letting it parse the file. */
function checkPem(pem: string, what: string, path: string): string {
  checkPemMarkers(pem, what, path);
  try {
    Deno.createHttpClient({ caCerts: [pem] }).close();
  } catch (err) {
    throw new SetupError(`${what} ${path} is not a valid PEM bundle: ${(err as Error).message}`);
  }
  return pem;
}

function profilesOf(config: Map<string, IniSection>, credentials: Map<string, IniSection>) {
  const names = new Set<string>();
  for (const key of config.keys()) {
    if (key === "default") names.add(key);
    else if (key.startsWith("profile ")) names.add(key.slice(8).trim());
  }
  for (const key of credentials.keys()) names.add(key);
  return names;
}

/**
 * Reads the AWS files once at start and checks what the SDK would otherwise only trip over on
 * the first call: an unreadable file, a profile that does not exist, a mistyped region, a CA
 * bundle that cannot be read or holds no PEM certificate.
 */
export function inspectAwsSetup(
  env: Env,
  explicit: { profile: string | undefined; region: string | undefined },
): AwsSetup {
  const files = awsFiles(env);
  const config = parseIni(
    readIfPresent(files.config, env.AWS_CONFIG_FILE ? "AWS_CONFIG_FILE" : "the AWS config file") ??
      "",
  );
  const credentials = parseIni(
    readIfPresent(
      files.credentials,
      env.AWS_SHARED_CREDENTIALS_FILE ? "AWS_SHARED_CREDENTIALS_FILE" : "the AWS credentials file",
    ) ?? "",
  );
  const profile = explicit.profile ?? (env.AWS_PROFILE || undefined);
  const known = profilesOf(config, credentials);
  if (profile && !known.has(profile)) {
    const list = known.size ? [...known].sort().join(", ") : "none";
    const source = explicit.profile ? "" : " (AWS_PROFILE)";
    throw new SetupError(
      `profile ${profile}${source} not found (profiles: ${list}) in ${files.config} or ${files.credentials}`,
    );
  }
  const name = profile ?? "default";
  const section = config.get(name === "default" ? "default" : `profile ${name}`) ??
    config.get(`profile ${name}`) ?? {};

  const [region, regionSource] = explicit.region
    ? [explicit.region, "--region"]
    : env.AWS_REGION
    ? [env.AWS_REGION, "AWS_REGION"]
    : section.region
    ? [section.region, `profile ${name} in ${files.config}`]
    : [undefined, undefined];
  const problem = region ? regionProblem(region) : undefined;
  if (problem) throw new SetupError(`${problem} (from ${regionSource})`);

  const caCerts: string[] = [];
  const caSources: string[] = [];
  const warnings: string[] = [];
  // AWS_CA_BUNDLE wins over the profile's ca_bundle, as in the AWS CLI; either is required.
  const bundle = env.AWS_CA_BUNDLE
    ? { path: env.AWS_CA_BUNDLE, what: "AWS_CA_BUNDLE" }
    : section.ca_bundle
    ? { path: section.ca_bundle, what: `ca_bundle of profile ${name}` }
    : undefined;
  if (bundle) {
    const pem = readIfPresent(bundle.path, bundle.what);
    if (pem === undefined) throw new SetupError(`${bundle.what} ${bundle.path} does not exist`);
    // Required: a bundle Deno's TLS stack refuses fails every call with InvalidCaBundle
    // (aws/http_handler.ts), so parsing it (~3 ms for a system bundle, a tenth of the start-up
    // budget) waits for the first call. NODE_EXTRA_CA_CERTS is parsed now: a bad one is ignored.
    caCerts.push(checkPemMarkers(pem, bundle.what, bundle.path));
    caSources.push(bundle.what);
  }
  // Node treats NODE_EXTRA_CA_CERTS as optional (a warning when unreadable); so do we.
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra && extra !== bundle?.path) {
    try {
      const pem = readIfPresent(extra, "NODE_EXTRA_CA_CERTS");
      if (pem !== undefined) {
        caCerts.push(checkPem(pem, "NODE_EXTRA_CA_CERTS", extra));
        caSources.push("NODE_EXTRA_CA_CERTS");
      } else warnings.push(`NODE_EXTRA_CA_CERTS ${extra} does not exist; ignored`);
    } catch (err) {
      warnings.push(`${(err as Error).message}; ignored`);
    }
  }
  return { profile, region, regionSource, caCerts, caSources, warnings };
}
