/**
 * The directories the server writes to (key files, price cache, audit log, generated HTTP
 * token) and the start-time checks that keep those writes where the operator expects them.
 */
import { basename, dirname, join, resolve } from "node:path";

/** `~/.local/state/aws-mcp`: where the start task may write state (the generated HTTP token). */
export function stateDir(
  home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".",
): string {
  return join(home, ".local", "state", "aws-mcp");
}

/** The paths the start task lets the server write, which a symlinked directory may point into. */
export function allowedWriteRoots(
  home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".",
): string[] {
  return [
    join(home, ".ssh", "aws-mcp"),
    join(home, ".cache", "aws-mcp"),
    stateDir(home),
  ];
}

function real(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return resolve(path);
  }
}

/** A root as written on disk: its parent resolved, its own name not followed (it may be the link). */
function rootPath(root: string): string {
  return join(real(dirname(resolve(root))), basename(root));
}

function inside(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith("/") ? root : `${root}/`);
}

/**
 * Refuses a directory that is a symlink pointing outside `roots` (a keys directory redirected to
 * ~/.ssh or /etc, say); a missing or real directory passes. Throws an Error naming the flag.
 */
export function assertDirNotRedirected(flag: string, path: string, roots: readonly string[]): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(path);
  } catch {
    return; // created later, as a real directory
  }
  if (!info.isSymlink) return;
  const target = real(path);
  if (!roots.some((root) => inside(target, rootPath(root)))) {
    throw new Error(
      `${flag} ${path} is a symlink to ${target}, outside the paths the server may write (${
        roots.join(", ")
      }); give the real directory instead`,
    );
  }
}
