import { throws } from "node:assert/strict";
import { allowedWriteRoots, assertDirNotRedirected } from "./state_dir.ts";

Deno.test("a keys or cache directory that is a symlink out of the allowed paths is refused", async () => {
  const home = await Deno.makeTempDir();
  try {
    const roots = allowedWriteRoots(home);
    const outside = await Deno.makeTempDir();
    await Deno.mkdir(`${home}/.ssh`, { recursive: true });
    await Deno.symlink(outside, `${home}/.ssh/aws-mcp`);
    throws(
      () => assertDirNotRedirected("--keys-dir", `${home}/.ssh/aws-mcp`, roots),
      /--keys-dir .* is a symlink to .*, outside the paths the server may write/,
    );
    // A real directory, a missing one, and a symlink into an allowed path all pass.
    await Deno.mkdir(`${home}/.cache/aws-mcp`, { recursive: true });
    assertDirNotRedirected("--keys-dir", `${home}/.cache/aws-mcp`, roots);
    assertDirNotRedirected("--keys-dir", `${home}/missing`, roots);
    await Deno.symlink(`${home}/.cache/aws-mcp`, `${home}/inside`);
    assertDirNotRedirected("--keys-dir", `${home}/inside`, roots);
    await Deno.remove(outside, { recursive: true });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
