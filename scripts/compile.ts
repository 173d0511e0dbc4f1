/**
 * `deno task compile`: one standalone binary per release target, built by `deno compile` with the
 * permission set of `deno task start` baked in, plus a `sha256sum -c` compatible SHA256SUMS.
 *
 *   deno task compile [--target T[,T…]]… [--out-dir DIR]
 *
 * `deno compile` downloads its runtime (denort) per target. Offline, point `DENORT_BIN` at a
 * denort of the build machine (used for the host target only: deno itself would use it for every
 * target and silently produce binaries of the wrong OS) or `DENORT_BIN_<TARGET>` (upper case,
 * `-` as `_`, e.g. `DENORT_BIN_AARCH64_APPLE_DARWIN`) at the runtime of another target.
 */
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import manifest from "../deno.json" with { type: "json" };
import { LAZY_PACKAGES } from "../aws/packages.ts";

/** The release targets built by default. */
export const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

/** Every target `deno compile --target` accepts (2.9). */
export const KNOWN_TARGETS: readonly string[] = [...TARGETS, "aarch64-pc-windows-msvc"];

const ROOT = new URL("..", import.meta.url);

/** The target of the machine this runs on, e.g. `x86_64-unknown-linux-gnu`. */
export function hostTarget(): string {
  return Deno.build.target;
}

/** `aws-mcp-<version>-<target>`, with `.exe` for Windows. */
export function binaryName(version: string, target: string): string {
  return `aws-mcp-${version}-${target}${target.includes("windows") ? ".exe" : ""}`;
}

/** The `DENORT_BIN_<TARGET>` variable that names another target's runtime. */
export function denortVariable(target: string): string {
  return `DENORT_BIN_${target.toUpperCase().replaceAll("-", "_")}`;
}

/** The flags and entry point of a `deno run …` task line. */
export function parseRunTask(task: string): { flags: string[]; entry: string } {
  const words = task.trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run") {
    throw new Error(`expected the start task to be "deno run …", got ${JSON.stringify(task)}`);
  }
  const entry = words.at(-1) ?? "";
  if (!/\.[cm]?[jt]sx?$/.test(entry)) {
    throw new Error(`expected the start task to end with its entry point, got ${entry}`);
  }
  return { flags: words.slice(2, -1), entry };
}

// Paths Deno cannot resolve at compile time: a compiled binary takes `$HOME` and `~` literally.
const HOME_RELATIVE = /^(~|\$HOME\b|\$\{HOME\}|\$USERPROFILE\b|%USERPROFILE%)/;

/**
 * The permission flags of the compiled binary, from the start task's flags: net, env and sys
 * exactly as they are; a read or write list with a home-relative path becomes unscoped.
 *
 * Why unscoped: the task's read/write paths are all under the user's home (the AWS config and
 * SSO cache, ~/.ssh/aws-mcp, ~/.cache/aws-mcp, ~/.local/state/aws-mcp) and the home is only known
 * on the user's machine; `deno compile` bakes flags in verbatim, so `$HOME/.aws` would mean a
 * relative directory literally named `$HOME`, and an absolute path would be the build machine's
 * home. The user also moves these files with AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
 * --keys-dir and --audit-log, which `deno run` users grant by editing the command line, but a
 * binary's user cannot. Network access, the sandbox's real boundary for an agent's tool, stays
 * limited to the AWS endpoints, the credential endpoints and loopback.
 */
export function binaryPermissions(taskFlags: readonly string[]): string[] {
  const out: string[] = [];
  for (const flag of taskFlags) {
    const [name = "", value] = flag.split(/=(.*)/s, 2);
    if (name === "-A" || name === "--allow-all") {
      throw new Error("the start task grants --allow-all; the binary must get an explicit set");
    }
    if (!name.startsWith("--allow-") && !name.startsWith("--deny-")) {
      if (/^--(unstable|v8-flags|seed|location|no-check|no-remote|cached-only)/.test(name)) {
        out.push(flag);
        continue;
      }
      throw new Error(`unsupported flag in the start task: ${flag}; teach scripts/compile.ts it`);
    }
    const homeRelative = (value ?? "").split(",").some((p) => HOME_RELATIVE.test(p));
    if (!homeRelative) {
      out.push(flag);
    } else if (name === "--allow-read" || name === "--allow-write") {
      out.push(name);
    } else {
      throw new Error(`${flag}: a home-relative path cannot be baked into a binary`);
    }
  }
  return out;
}

/** The production permission flags of `deno task start` in deno.json, as the binary gets them. */
export function releasePermissions(tasks: Record<string, string> = manifest.tasks): {
  flags: string[];
  entry: string;
} {
  const start = tasks.start;
  if (!start) throw new Error("deno.json has no start task");
  const { flags, entry } = parseRunTask(start);
  return { flags: binaryPermissions(flags), entry };
}

/**
 * `--include` flags for the packages the server imports by a name held in a value
 * (aws/packages.ts): `deno compile` embeds only what its module graph names.
 */
export function includeFlags(imports: Record<string, string> = manifest.imports): string[] {
  return LAZY_PACKAGES.map((name) => {
    const specifier = imports[name];
    if (!specifier?.startsWith("npm:")) throw new Error(`deno.json imports no npm package ${name}`);
    return `--include=${specifier}`;
  });
}

/** Shell-quotes one word for /bin/sh. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./=:,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

// Credential files the SDK reads from paths given in the environment (ECS/EKS web identity and
// Pod Identity tokens, moved config files) and CA bundles the server reads (aws/profile.ts): the
// launcher adds them to --allow-read at start.
const ENV_FILES = [
  "AWS_CONFIG_FILE",
  "AWS_SHARED_CREDENTIALS_FILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  "AWS_CA_BUNDLE",
  "NODE_EXTRA_CA_CERTS",
];

/**
 * A /bin/sh launcher that runs `app`/main.ts with the start task's permissions for a fixed
 * home (a container's user), the home-relative paths resolved, so the scoped read/write set
 * survives where the binary's cannot; `exec` keeps deno as the process that gets SIGTERM.
 */
export function launcherScript(
  home: string,
  app: string,
  tasks: Record<string, string> = manifest.tasks,
): string {
  const { flags, entry } = parseRunTask(tasks.start ?? "");
  const resolveHome = (path: string) => path.replace(HOME_RELATIVE, home);
  let read = "";
  const words: string[] = [];
  for (const flag of flags) {
    const [name = "", value] = flag.split(/=(.*)/s, 2);
    const resolved = value === undefined
      ? flag
      : `${name}=${value.split(",").map(resolveHome).join(",")}`;
    if (name === "--allow-read") read = resolved.slice(name.length + 1);
    else words.push(resolved);
  }
  return [
    "#!/bin/sh",
    "# Generated by scripts/compile.ts --launcher from deno.json's start task; do not edit.",
    "set -eu",
    `read=${shellQuote(read)}`,
    `for file in ${ENV_FILES.map((v) => `"\${${v}:-}"`).join(" ")}; do`,
    '  if [ -n "$file" ]; then read="${read:+$read,}$file"; fi',
    "done",
    `exec deno run --cached-only ${shellQuote(`--config=${app}/deno.json`)} ${
      words.map(shellQuote).join(" ")
    } \${read:+"--allow-read=$read"} ${shellQuote(`${app}/${entry}`)} "$@"`,
    "",
  ].join("\n");
}

/** The lowercase hex SHA-256 of a file. */
export async function sha256File(path: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await Deno.readFile(path));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Writes `<hash>  <name>` lines for the files (sorted by name) to `dir/SHA256SUMS`. */
export async function writeChecksums(dir: string, files: readonly string[]): Promise<string> {
  const names = files.map((f) => basename(f)).sort();
  const lines = [];
  for (const name of names) lines.push(`${await sha256File(join(dir, name))}  ${name}\n`);
  const path = join(dir, "SHA256SUMS");
  await Deno.writeTextFile(path, lines.join(""));
  return path;
}

/** What `compile` builds. */
export interface CompileOptions {
  targets: readonly string[];
  outDir: string;
  /** The environment to read DENORT_BIN* from and hand to `deno compile`. */
  env?: Record<string, string>;
  /** Where `deno compile`'s own output goes (progress, errors). */
  log?: (line: string) => void;
}

/** The runtime `deno compile` should use for a target, or undefined to let it download one. */
export function denortFor(target: string, env: Record<string, string>): string | undefined {
  return env[denortVariable(target)] || (target === hostTarget() ? env.DENORT_BIN : undefined) ||
    undefined;
}

function checkDenort(path: string, variable: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch {
    throw new Error(`${variable}=${path}: no such file; point it at a denort binary`);
  }
  if (!info.isFile) throw new Error(`${variable}=${path}: not a file`);
  // Verified: the deno CLI as the base binary compiles, but the result runs as `deno`, taking
  // aws-mcp's flags for a script to run.
  if (/^deno(\.exe)?$/.test(basename(path))) {
    throw new Error(
      `${variable}=${path} is the deno CLI, not its runtime: use denort (denort-<target>.zip of the Deno release)`,
    );
  }
}

/** Builds one binary per target into `outDir` and writes SHA256SUMS; returns the binaries' paths. */
export async function compile(options: CompileOptions): Promise<string[]> {
  const env = options.env ?? Deno.env.toObject();
  const log = options.log ?? ((line: string) => console.error(line));
  const { flags, entry } = releasePermissions();
  const outDir = resolve(options.outDir);
  await Deno.mkdir(outDir, { recursive: true });
  log(`compile: permissions ${flags.join(" ")}`);
  const built: string[] = [];
  for (const target of options.targets) {
    if (!KNOWN_TARGETS.includes(target)) {
      throw new Error(`unknown target ${target}; valid targets: ${KNOWN_TARGETS.join(", ")}`);
    }
    const output = join(outDir, binaryName(manifest.version, target));
    const denort = denortFor(target, env);
    const childEnv = { ...env };
    delete childEnv.DENORT_BIN;
    if (denort) {
      checkDenort(denort, env[denortVariable(target)] ? denortVariable(target) : "DENORT_BIN");
      childEnv.DENORT_BIN = denort;
    } else if (env.DENORT_BIN) {
      log(`compile: DENORT_BIN is the host's runtime; downloading the ${target} runtime`);
    }
    log(`compile: ${target} -> ${output}`);
    const args = [
      "compile",
      ...flags,
      ...includeFlags(),
      // A permission the set lacks fails at once instead of waiting on a terminal prompt.
      "--no-prompt",
      "--target",
      target,
      "--output",
      output,
      entry,
    ];
    const result = await new Deno.Command("deno", {
      args,
      cwd: fileURLToPath(ROOT),
      env: childEnv,
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(result.stderr);
    const stdout = new TextDecoder().decode(result.stdout);
    for (const line of `${stdout}${stderr}`.split("\n")) if (line.trim()) log(`  ${line}`);
    if (!result.success) {
      if (/Setting up base binary|dl\.deno\.land|denort/i.test(stderr)) {
        const cause = stderr.split("\n").find((l) => /error sending request|dns|connect/i.test(l));
        throw new Error(
          `deno compile could not get the runtime (denort) for ${target}${
            cause ? `: ${cause.trim()}` : ""
          }; without internet access set DENORT_BIN to a denort ${Deno.version.deno} binary for ${hostTarget()}${
            target === hostTarget() ? "" : ` (or ${denortVariable(target)} for ${target})`
          }`,
        );
      }
      throw new Error(`deno compile failed for ${target} (exit ${result.code})`);
    }
    built.push(output);
  }
  const sums = await writeChecksums(outDir, built);
  log(`compile: wrote ${sums}`);
  return built;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      target: { type: "string", multiple: true },
      "out-dir": { type: "string" },
      launcher: { type: "boolean" },
      home: { type: "string" },
      app: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      `Usage: deno task compile [--target T[,T…]]… [--out-dir DIR]\n       deno run scripts/compile.ts --launcher --home DIR --app DIR\n\nTargets (default all but aarch64-pc-windows-msvc): ${
        KNOWN_TARGETS.join(", ")
      }\nDENORT_BIN: denort for the host target; DENORT_BIN_<TARGET>: for another target.`,
    );
    Deno.exit(0);
  }
  if (values.launcher) {
    // For the Dockerfile: `deno run scripts/compile.ts --launcher --home H --app A > aws-mcp`.
    if (!values.home || !values.app) {
      console.error("compile: --launcher needs --home DIR and --app DIR");
      Deno.exit(2);
    }
    await Deno.stdout.write(new TextEncoder().encode(launcherScript(values.home, values.app)));
    Deno.exit(0);
  }
  const targets = values.target?.flatMap((t) => t.split(",")).map((t) => t.trim()).filter(
    Boolean,
  ) ?? [...TARGETS];
  try {
    await compile({
      targets,
      outDir: values["out-dir"] ?? fileURLToPath(new URL("dist", ROOT)),
    });
  } catch (err) {
    console.error(`compile: ${err instanceof Error ? err.message : String(err)}`);
    Deno.exit(1);
  }
}
