/**
 * Cold vs warm price lookups through a real MCP client, the real SDK and the local Pricing
 * stand-in: `deno run --allow-net=127.0.0.1 --allow-env --allow-sys --allow-read --allow-write
 * scripts/bench_pricing.ts [api-latency-ms]`. Cold = a GetProducts round trip (plus, for the very
 * first call, loading @aws-sdk/client-pricing); warm = the memory cache; disk = a new process's
 * empty memory served from the cache directory.
 */
import { AwsClients } from "../aws/clients.ts";
import { PriceCache, setPriceCache } from "../aws/price_cache.ts";
import { instancePrice } from "../aws/pricing.ts";
import { pricingTools } from "../tools/pricing/mod.ts";
import { callOk, connect, useMotoCredentials } from "../tests/_helpers.ts";
import { instanceProducts, startPricingStandIn } from "../tests/_pricing_standin.ts";

const latency = Number(Deno.args[0] ?? 0);
const TYPES = Array.from({ length: 20 }, (_, n) => `m5.x${n}`);
const docs = TYPES.flatMap((t) =>
  instanceProducts("eu-west-1", t, { vcpu: "2", memory: "8 GiB" }, { Linux: "0.1070000000" })
);

useMotoCredentials();
const dir = await Deno.makeTempDir();
const standIn = startPricingStandIn(docs, { delayMs: latency });
const aws = new AwsClients({
  profile: undefined,
  region: "eu-west-1",
  userAgent: "aws-mcp-bench",
  endpoint: standIn.url,
});
setPriceCache(new PriceCache({ dir }));
const { client, close } = await connect({ region: "eu-west-1" }, { aws, inventory: pricingTools });

const ask = (type: string) =>
  callOk(client, "ec2_get_ondemand_price", { instance_type: type, region: "eu-west-1" });
async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const ms = (x: number) => `${x.toFixed(3)} ms`;

try {
  const first = await time(() => ask(TYPES[0] as string));
  const cold: number[] = [];
  for (const t of TYPES.slice(1)) cold.push(await time(() => ask(t)));
  const warm: number[] = [];
  for (let i = 0; i < 200; i++) warm.push(await time(() => ask(TYPES[i % TYPES.length] as string)));
  const disk: number[] = [];
  for (const t of TYPES) {
    setPriceCache(new PriceCache({ dir })); // a new process: empty memory, same directory
    disk.push(await time(() => ask(t)));
  }
  // The lookup alone, without MCP and the account lookup every tool result carries.
  const scope = aws.scope("eu-west-1", new AbortController().signal);
  const lookup = (t: string, cache: PriceCache) =>
    instancePrice({ aws: scope, cache }, { instanceType: t, region: "eu-west-1", os: "linux" });
  const memory = new PriceCache({ dir });
  const bare: number[] = [];
  for (let i = 0; i < 200; i++) {
    bare.push(await time(() => lookup(TYPES[i % 20] as string, memory)));
  }
  const bareDisk: number[] = [];
  for (const t of TYPES) bareDisk.push(await time(() => lookup(t, new PriceCache({ dir }))));
  const calls = standIn.getProducts.length;
  console.log(
    `price lookups via MCP + SDK, stand-in latency ${latency} ms (GetProducts calls: ${calls})`,
  );
  console.log(`  cold, first call (loads @aws-sdk/client-pricing): ${ms(first)}`);
  console.log(`  cold, SDK loaded (median of ${cold.length}):          ${ms(median(cold))}`);
  console.log(`  warm, memory cache (median of ${warm.length}):        ${ms(median(warm))}`);
  console.log(`  warm, disk cache, new process (median of ${disk.length}): ${ms(median(disk))}`);
  console.log(`  lookup alone, warm memory (median of ${bare.length}):   ${ms(median(bare))}`);
  console.log(
    `  lookup alone, warm disk (median of ${bareDisk.length}):      ${ms(median(bareDisk))}`,
  );
} finally {
  await close();
  await standIn.close();
  await Deno.remove(dir, { recursive: true });
}
