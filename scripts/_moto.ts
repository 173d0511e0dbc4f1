const root = new URL("..", import.meta.url).pathname;

/** Runs `fn` against a moto of its own (scripts/moto.sh, with `env` added), stopped afterwards. */
export async function withNewMoto<T>(
  fn: (endpoint: string) => Promise<T>,
  env: Record<string, string> = {},
): Promise<T> {
  const out = await new Deno.Command("bash", {
    args: ["scripts/moto.sh", "start"],
    cwd: root,
    stdout: "piped",
    env,
  }).output();
  const vars = Object.fromEntries(
    new TextDecoder().decode(out.stdout).trim().split("\n").map((l) =>
      l.split("=") as [string, string]
    ),
  );
  if (!vars.MOTO_ENDPOINT) throw new Error("moto did not start");
  try {
    return await fn(vars.MOTO_ENDPOINT);
  } finally {
    await new Deno.Command("bash", { args: ["scripts/moto.sh", "stop", vars.MOTO_PID!], cwd: root })
      .output();
  }
}
