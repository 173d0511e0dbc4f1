/**
 * zod, as every `from "zod"` in this repository gets it (deno.json maps "zod" here and this file
 * alone to the npm package). Why: Deno resolves each npm specifier of the module graph one by
 * one before the server runs, ~0.3 ms apiece; ~130 modules naming zod cost ~40 ms of start-up,
 * one local module naming it costs one resolution.
 */
export * from "zod";
