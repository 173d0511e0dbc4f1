import { equal } from "node:assert/strict";

/**
 * Runs one scenario of a pinned MCP conformance suite (an `npm:` specifier) against `url`, and
 * fails with the suite's report unless it passes. The suite runs without the project's config and
 * lock: a test-only tool has no business in the packages `deno task start` installs.
 */
export async function runConformance(suite: string, url: string, scenario: string) {
  const out = await new Deno.Command("deno", {
    args: [
      "run",
      "--no-config",
      "--no-lock",
      "--allow-net=127.0.0.1,localhost",
      "--allow-env",
      "--allow-read",
      "--allow-write",
      "--allow-sys",
      suite,
      "server",
      "--url",
      url,
      "--scenario",
      scenario,
      "--output-dir",
      await Deno.makeTempDir({ prefix: "conformance-" }),
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const report = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  equal(out.code, 0, report);
}
