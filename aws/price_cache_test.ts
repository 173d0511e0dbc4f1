import { deepEqual, equal, ok } from "node:assert/strict";
import { defaultCacheDir, PriceCache } from "./price_cache.ts";

async function files(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${dir}/pricing`)) names.push(entry.name);
  } catch {
    // no folder yet
  }
  return names.sort();
}

function counter<T>(value: T) {
  const load = () => {
    load.calls++;
    return Promise.resolve(value);
  };
  load.calls = 0;
  return load;
}

Deno.test("a second lookup of a key is served from memory without loading again", async () => {
  const cache = new PriceCache({ dir: undefined });
  const load = counter([{ price: "0.0416" }]);
  deepEqual(await cache.getOrLoad("k", load), [{ price: "0.0416" }]);
  deepEqual(await cache.getOrLoad("k", load), [{ price: "0.0416" }]);
  equal(load.calls, 1);
  deepEqual(cache.stats, { memoryHits: 1, diskHits: 0, misses: 1 });
  equal(cache.persistent, false);
});

Deno.test("concurrent lookups of one key share a single load", async () => {
  const cache = new PriceCache({ dir: undefined });
  let calls = 0;
  const load = async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 20));
    return ["x"];
  };
  const results = await Promise.all(Array.from({ length: 8 }, () => cache.getOrLoad("k", load)));
  equal(calls, 1);
  ok(results.every((r) => r[0] === "x"));
});

Deno.test("a failed load is not cached, and an aborted shared load is retried for a live caller", async () => {
  const cache = new PriceCache({ dir: undefined });
  let calls = 0;
  const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
  const first = cache.getOrLoad("k", async () => {
    calls++;
    await new Promise((r) => setTimeout(r, 10));
    throw abort;
  });
  const second = cache.getOrLoad("k", () => {
    calls++;
    return Promise.resolve("fresh");
  });
  await first.then(() => ok(false, "must reject"), (err) => equal(err, abort));
  equal(await second, "fresh");
  equal(calls, 2);
  await cache.getOrLoad("j", () => Promise.reject(new Error("boom"))).catch(() => {});
  equal(await cache.getOrLoad("j", () => Promise.resolve(1)), 1);
});

Deno.test("entries persist on disk for a new process and expire after the TTL", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let now = 1_000_000;
    const clock = () => now;
    const first = new PriceCache({ dir, now: clock, ttlMs: 1000 });
    await first.getOrLoad("k", counter({ sku: "A" }));
    equal((await files(dir)).length, 1);

    const second = new PriceCache({ dir, now: clock, ttlMs: 1000 });
    const load = counter({ sku: "B" });
    deepEqual(await second.getOrLoad("k", load), { sku: "A" });
    equal(load.calls, 0);
    equal(second.stats.diskHits, 1);

    now += 1000;
    const third = new PriceCache({ dir, now: clock, ttlMs: 1000 });
    deepEqual(await third.getOrLoad("k", load), { sku: "B" });
    equal(load.calls, 1);
    const stat = await Deno.stat(`${dir}/pricing/${(await files(dir))[0]}`);
    if (Deno.build.os !== "windows") equal((stat.mode ?? 0) & 0o777, 0o600);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a corrupt, truncated or foreign cache file is a miss and gets overwritten", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const cache = new PriceCache({ dir });
    await cache.set("k", ["good"]);
    const [name] = await files(dir);
    const path = `${dir}/pricing/${name}`;
    for (const junk of ['{"v":1,"key":"k","at":', "null", "[]", '{"v":1,"key":"other","at":1}']) {
      await Deno.writeTextFile(path, junk);
      const fresh = new PriceCache({ dir });
      deepEqual(await fresh.getOrLoad("k", counter(["reloaded"])), ["reloaded"], junk);
      equal(fresh.stats.misses, 1);
      deepEqual(JSON.parse(await Deno.readTextFile(path)).value, ["reloaded"]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unwritable cache directory leaves the cache working from memory", async () => {
  const parent = await Deno.makeTempFile(); // a file: nothing can be created beneath it
  const error = console.error;
  const logged: string[] = [];
  console.error = (...args: unknown[]) => logged.push(args.join(" "));
  try {
    const cache = new PriceCache({ dir: `${parent}/aws-mcp` });
    const load = counter(["p"]);
    deepEqual(await cache.getOrLoad("k", load), ["p"]);
    deepEqual(await cache.getOrLoad("k", load), ["p"]);
    equal(load.calls, 1);
    equal(cache.persistent, false);
    equal(logged.length, 1);
    await cache.set("other", 1); // no second warning, no throw
    equal(logged.length, 1);
  } finally {
    console.error = error;
    await Deno.remove(parent);
  }
});

Deno.test("concurrent processes writing one key leave a whole file and no temporary files", async () => {
  const dir = await Deno.makeTempDir();
  const module = new URL("./price_cache.ts", import.meta.url).href;
  const script = `
    const { PriceCache } = await import(${JSON.stringify(module)});
    const n = Number(Deno.args[0]);
    for (let i = 0; i < 40; i++) {
      await new PriceCache({ dir: Deno.args[1] }).set("k", { writer: n, i, pad: "x".repeat(20000) });
    }`;
  try {
    const writers = Array.from({ length: 4 }, (_, n) =>
      new Deno.Command("deno", {
        args: ["eval", "--no-check", script, String(n), dir],
        env: { DENO_NO_UPDATE_CHECK: "1" },
        stderr: "piped",
      }).output());
    // Read while they write: every read sees a whole entry or none.
    const reader = (async () => {
      for (let i = 0; i < 60; i++) {
        const value = await new PriceCache({ dir }).get<{ pad: string }>("k");
        if (value) equal(value.pad.length, 20000);
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    const outputs = await Promise.all(writers);
    await reader;
    for (const out of outputs) equal(out.code, 0, new TextDecoder().decode(out.stderr));
    const names = await files(dir);
    equal(names.length, 1, names.join(", "));
    const value = await new PriceCache({ dir }).get<{ i: number }>("k");
    equal(value?.i, 39);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the cache directory follows AWS_MCP_CACHE_DIR, then XDG_CACHE_HOME, then HOME", () => {
  const saved = ["AWS_MCP_CACHE_DIR", "XDG_CACHE_HOME", "HOME"].map((k) => [k, Deno.env.get(k)]);
  try {
    Deno.env.set("AWS_MCP_CACHE_DIR", "/tmp/explicit");
    Deno.env.set("XDG_CACHE_HOME", "/tmp/xdg");
    Deno.env.set("HOME", "/home/alice");
    equal(defaultCacheDir(), "/tmp/explicit");
    Deno.env.delete("AWS_MCP_CACHE_DIR");
    equal(defaultCacheDir(), "/tmp/xdg/aws-mcp");
    Deno.env.delete("XDG_CACHE_HOME");
    equal(defaultCacheDir(), "/home/alice/.cache/aws-mcp");
  } finally {
    for (const [k, v] of saved) v === undefined ? Deno.env.delete(k!) : Deno.env.set(k!, v);
  }
});

Deno.test("under the start task's permissions the disk cache needs read as well as write", async () => {
  const home = await Deno.makeTempDir();
  const dir = `${home}/.cache/aws-mcp`;
  const script = `${home}/probe.ts`;
  await Deno.writeTextFile(
    script,
    `import { defaultCacheDir, PriceCache } from ${
      JSON.stringify(new URL("./price_cache.ts", import.meta.url).href)
    };
    const dir = defaultCacheDir();
    await new PriceCache({ dir }).set("k", 1);
    const again = new PriceCache({ dir });
    console.log(JSON.stringify({ dir, value: await again.get("k") ?? null, persistent: again.persistent }));`,
  );
  const run = async (read: string) => {
    const out = await new Deno.Command("deno", {
      args: [
        "run",
        "--no-check",
        "--allow-env",
        `--allow-read=${read}`,
        `--allow-write=${home}/.aws/sso/cache,${dir}`,
        script,
      ],
      env: { HOME: home, DENO_NO_UPDATE_CHECK: "1" },
      clearEnv: false,
      stdout: "piped",
      stderr: "piped",
    }).output();
    equal(out.code, 0, new TextDecoder().decode(out.stderr));
    return {
      result: JSON.parse(new TextDecoder().decode(out.stdout)),
      stderr: new TextDecoder().decode(out.stderr),
    };
  };
  const saved = ["XDG_CACHE_HOME", "AWS_MCP_CACHE_DIR"].map((k) => [k, Deno.env.get(k)] as const);
  for (const [k] of saved) Deno.env.delete(k);
  try {
    // Today's start task: read only ~/.aws. Writing works, but the atomic rename needs read.
    const writeOnly = await run(`${home}/.aws`);
    deepEqual(writeOnly.result, { dir, value: null, persistent: false });
    ok(
      /price cache .* is not (writable|readable) .*; caching prices in memory only/.test(
        writeOnly.stderr,
      ),
    );
    // With ~/.cache/aws-mcp readable too, a second process is served from disk.
    const readWrite = await run(`${home}/.aws,${dir}`);
    deepEqual(readWrite.result, { dir, value: 1, persistent: true });
  } finally {
    for (const [k, v] of saved) if (v !== undefined) Deno.env.set(k, v);
    await Deno.remove(home, { recursive: true });
  }
});
