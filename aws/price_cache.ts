/**
 * A two-level cache for price lookups: memory, then one JSON file per key in the user's cache
 * directory. Files are written to a temporary name in the same directory and renamed, so
 * concurrent processes never read half a file; anything unreadable is a miss, never an error,
 * and a directory that cannot be written leaves the cache working from memory alone.
 */

/** How long a price stays fresh: AWS publishes price changes at most a few times a month. */
export const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

const FORMAT = 1;
const MAX_MEMORY_ENTRIES = 5000;

/** How a cache is set up. */
export interface PriceCacheOptions {
  /** Directory for the on-disk copy (`<dir>/pricing/*.json`); undefined keeps memory only. */
  dir: string | undefined;
  /** Entries older than this are refetched (default 24 h). */
  ttlMs?: number;
  /** The clock, in epoch milliseconds (tests move it). */
  now?: () => number;
}

/** Counters for tests and the benchmark. */
export interface PriceCacheStats {
  memoryHits: number;
  diskHits: number;
  misses: number;
}

interface Entry {
  at: number;
  value: unknown;
}

interface DiskEntry extends Entry {
  v: number;
  key: string;
}

/**
 * Only a file this user owns and nobody else may write is read: a price planted by another
 * account on the machine is a miss, never a quote.
 */
async function trusted(file: string): Promise<boolean> {
  const info = await Deno.lstat(file);
  if (!info.isFile) return false;
  let uid: number | null = null;
  try {
    uid = Deno.uid();
  } catch {
    uid = null; // no sys permission: the mode check still applies
  }
  if (uid !== null && info.uid !== null && info.uid !== uid) return false;
  return info.mode === null || (info.mode & 0o022) === 0;
}

function isAbort(err: unknown): boolean {
  return (err as { name?: string } | undefined)?.name === "AbortError";
}

/** Lookups remembered in memory and on disk for a TTL, with concurrent loads of a key shared. */
export class PriceCache {
  readonly dir: string | undefined;
  readonly stats: PriceCacheStats = { memoryHits: 0, diskHits: 0, misses: 0 };
  #ttl: number;
  #now: () => number;
  #memory = new Map<string, Entry>();
  #loading = new Map<string, Promise<unknown>>();
  #diskReads: boolean;
  #diskWrites: boolean;
  #folder: Promise<void> | undefined;
  #warned = false;

  /** Creates a cache; nothing touches the disk until the first lookup. */
  constructor(options: PriceCacheOptions) {
    this.dir = options.dir;
    this.#ttl = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
    this.#diskReads = this.#diskWrites = options.dir !== undefined;
  }

  /** Whether entries still go to disk (false once the directory proved unwritable). */
  get persistent(): boolean {
    return this.#diskWrites;
  }

  #fresh(entry: Entry | undefined): entry is Entry {
    if (!entry) return false;
    const age = this.#now() - entry.at;
    return age >= 0 && age < this.#ttl;
  }

  async #file(key: string): Promise<string> {
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
    const hex = Array.from(
      new Uint8Array(digest).slice(0, 16),
      (b) => b.toString(16).padStart(2, "0"),
    )
      .join("");
    return `${this.dir}/pricing/${hex}.json`;
  }

  #warn(what: string, err: unknown): void {
    if (this.#warned) return;
    this.#warned = true;
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    console.error(
      `aws-mcp: price cache ${this.dir} is not ${what} (${reason}); caching prices in memory only`,
    );
  }

  async #readDisk(key: string): Promise<Entry | undefined> {
    if (!this.#diskReads) return undefined;
    let text: string;
    try {
      const file = await this.#file(key);
      if (!(await trusted(file))) return undefined;
      text = await Deno.readTextFile(file);
    } catch (err) {
      // No file is a plain miss; no permission to read means the disk is no use to us at all.
      if (!(err instanceof Deno.errors.NotFound)) {
        this.#diskReads = this.#diskWrites = false;
        this.#warn("readable", err);
      }
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as Partial<DiskEntry>;
      if (entry?.v !== FORMAT || entry.key !== key || typeof entry.at !== "number") {
        return undefined;
      }
      if (!("value" in entry)) return undefined;
      return { at: entry.at, value: entry.value };
    } catch {
      return undefined; // corrupt or truncated by something else: refetch and overwrite
    }
  }

  #ensureFolder(): Promise<void> {
    this.#folder ??= Deno.mkdir(`${this.dir}/pricing`, { recursive: true, mode: 0o700 });
    return this.#folder;
  }

  async #writeDisk(key: string, entry: Entry): Promise<void> {
    if (!this.#diskWrites) return;
    const file = await this.#file(key);
    const temp = `${file}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
    try {
      await this.#ensureFolder();
      const body: DiskEntry = { v: FORMAT, key, at: entry.at, value: entry.value };
      await Deno.writeTextFile(temp, JSON.stringify(body), { mode: 0o600 });
      await Deno.rename(temp, file); // atomic on one filesystem: readers see old or new, whole
    } catch (err) {
      // Deno.rename needs read and write permission on the folder; either missing ends here.
      this.#diskWrites = false;
      await Deno.remove(temp).catch(() => {});
      this.#warn("writable", err);
    }
  }

  #remember(key: string, entry: Entry): void {
    this.#memory.delete(key);
    this.#memory.set(key, entry);
    if (this.#memory.size > MAX_MEMORY_ENTRIES) {
      const oldest = this.#memory.keys().next().value;
      if (oldest !== undefined) this.#memory.delete(oldest);
    }
  }

  /**
   * The fresh value stored under `key`, from memory or disk, or undefined; a disk entry that
   * `valid` rejects is ignored (and overwritten by the next load).
   */
  async get<T>(
    key: string,
    valid: (value: unknown) => boolean = () => true,
  ): Promise<T | undefined> {
    const memory = this.#memory.get(key);
    if (this.#fresh(memory)) {
      this.stats.memoryHits++;
      return memory.value as T;
    }
    const disk = await this.#readDisk(key);
    if (this.#fresh(disk) && valid(disk.value)) {
      this.stats.diskHits++;
      this.#remember(key, disk);
      return disk.value as T;
    }
    return undefined;
  }

  /** Stores a JSON-serialisable value under `key`, in memory and (best effort) on disk. */
  async set(key: string, value: unknown): Promise<void> {
    const entry = { at: this.#now(), value };
    this.#remember(key, entry);
    await this.#writeDisk(key, entry);
  }

  /**
   * The cached value, or the result of `load`, stored. Concurrent callers of one key share a
   * single load; a load aborted by another caller's cancellation is retried for this one.
   */
  async getOrLoad<T>(
    key: string,
    load: () => Promise<T>,
    signal?: AbortSignal,
    valid?: (value: unknown) => boolean,
  ): Promise<T> {
    const cached = await this.get<T>(key, valid);
    if (cached !== undefined) return cached;
    const pending = this.#loading.get(key);
    if (pending) {
      try {
        return await (pending as Promise<T>);
      } catch (err) {
        if (!isAbort(err) || signal?.aborted) throw err;
      }
    }
    this.stats.misses++;
    const loading = (async () => {
      const value = await load();
      await this.set(key, value);
      return value;
    })();
    this.#loading.set(key, loading);
    try {
      return await loading;
    } finally {
      if (this.#loading.get(key) === loading) this.#loading.delete(key);
    }
  }

  /** Forgets every entry held in memory (the disk copy stays). */
  clearMemory(): void {
    this.#memory.clear();
  }
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no env permission: no disk cache
  }
}

function granted(dir: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "write", path: dir }).state === "granted";
  } catch {
    return true; // cannot tell: try it, failures fall back to memory anyway
  }
}

/**
 * The user's cache directory for aws-mcp: `AWS_MCP_CACHE_DIR`, else `$XDG_CACHE_HOME/aws-mcp`,
 * else `~/.cache/aws-mcp`, preferring one that the Deno permissions let us write (the start task
 * grants `~/.cache/aws-mcp`); undefined when none can be found.
 */
export function defaultCacheDir(): string | undefined {
  const explicit = env("AWS_MCP_CACHE_DIR");
  if (explicit) return explicit;
  const xdg = env("XDG_CACHE_HOME");
  const home = env("HOME") ?? env("USERPROFILE");
  const candidates = [xdg && `${xdg}/aws-mcp`, home && `${home}/.cache/aws-mcp`].filter(
    (d): d is string => !!d,
  );
  return candidates.find(granted) ?? candidates[0];
}

let shared: PriceCache | undefined;

/** The process-wide price cache, created on first use in `defaultCacheDir()`. */
export function priceCache(): PriceCache {
  shared ??= new PriceCache({ dir: defaultCacheDir() });
  return shared;
}

/** Replaces the process-wide cache (tests); undefined recreates it from the environment. */
export function setPriceCache(cache: PriceCache | undefined): void {
  shared = cache;
}
