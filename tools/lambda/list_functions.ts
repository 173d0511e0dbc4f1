import type { FunctionConfiguration, Lambda } from "@aws-sdk/client-lambda";
import { z } from "zod";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { tagFilter } from "../../schemas/tags.ts";
import { defineTool } from "../tool.ts";
import { runtimeDeprecated } from "./_lambda.ts";

/** The compact row of one function. */
export const functionRow = z.object({
  name: z.string(),
  runtime: z.string().optional(),
  deprecated_runtime: z.literal(true).optional(),
  architecture: z.string().optional(),
  memory_mb: z.int().optional(),
  timeout_s: z.int().optional(),
  code_size: z.int().optional(),
  last_modified: z.string().optional(),
  state: z.string().optional(),
  package_type: z.string().optional(),
});

/** The row of a function configuration (ListFunctions leaves State out; GetFunction has it). */
export function functionSummary(f: FunctionConfiguration, now: Date): z.input<typeof functionRow> {
  return compact({
    name: f.FunctionName ?? "",
    runtime: f.Runtime,
    deprecated_runtime: runtimeDeprecated(f.Runtime, now) ? true as const : undefined,
    architecture: f.Architectures?.[0],
    memory_mb: f.MemorySize,
    timeout_s: f.Timeout,
    code_size: f.CodeSize,
    last_modified: f.LastModified,
    state: f.State,
    package_type: f.PackageType,
  });
}

function tagsMatch(tags: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([k, v]) => k in tags && (v === "*" || tags[k] === v));
}

async function withTags(lambda: Lambda, functions: FunctionConfiguration[], wanted = {}) {
  if (Object.keys(wanted).length === 0) return functions;
  const kept: FunctionConfiguration[] = [];
  for (const f of functions) {
    const out = await lambda.listTags({ Resource: f.FunctionArn });
    if (tagsMatch(out.Tags ?? {}, wanted)) kept.push(f);
  }
  return kept;
}

/** `lambda_list_functions`: compact, paged rows of the functions that match the filters. */
export const listFunctions = defineTool({
  name: "lambda_list_functions",
  toolset: "lambda",
  title: "List Lambda functions",
  description:
    "Lambda functions: runtime (deprecated_runtime when past AWS's date), architecture, memory, timeout, code size, last modified, package type. Paged.",
  access: "read",
  idempotent: true,
  iam: ["lambda:ListFunctions", "lambda:ListTags"],
  input: z.object({
    runtime: z.string().min(1).max(40).optional(),
    name_contains: z.string().min(1).max(64).optional(),
    tags: tagFilter.optional(),
    ...pageInput,
  }),
  output: z.object({ functions: z.array(functionRow), ...pageOutput }),
  async handler(args, ctx) {
    const lambda = await ctx.aws.client("lambda");
    const now = new Date();
    const needle = args.name_contains?.toLowerCase();
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await lambda.listFunctions({ MaxItems: 50, ...(token ? { Marker: token } : {}) });
      const matching = (out.Functions ?? []).filter((f) =>
        (!args.runtime || f.Runtime === args.runtime) &&
        (!needle || (f.FunctionName ?? "").toLowerCase().includes(needle))
      );
      const tagged = await withTags(lambda, matching, args.tags);
      return { items: tagged.map((f) => functionSummary(f, now)), nextToken: out.NextMarker };
    });
    return { functions: rows, ...more };
  },
});
