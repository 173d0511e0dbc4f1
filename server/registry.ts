import { z } from "zod";
import { clip } from "../aws/errors.ts";
import { dryRunOutcome } from "../schemas/dry_run.ts";
import { priceRegionSchema, regionSchema } from "../schemas/region.ts";
import { KNOWN_REGIONS } from "../schemas/region_codes.ts";
import type { ToolDefinition } from "../tools/tool.ts";
import type { Tool } from "./mcp.ts";
import { type IdList, idListOf, notFoundOutput } from "./not_found.ts";
import { type RowShape, rowShape, shapeInput, shapeOutput } from "./shape.ts";

/** What a mutating call reports besides its own data. */
export const mutationOutcome = {
  dry_run: dryRunOutcome.optional(),
  confirmation: z.enum(["accepted", "declined", "cancelled", "waived"]).optional(),
  message: z.string().optional(),
};

/** A tool ready to serve: its definition plus the schemas the server validates with. */
export interface RegisteredTool {
  definition: ToolDefinition;
  /** The tool's input plus `region` (and `dry_run` when it mutates), rejecting unknown keys. */
  input: z.ZodObject;
  /** The tool's output plus `account` and `region` (and the dry-run/confirmation outcome). */
  output: z.ZodObject;
  /**
   * List tools: rows under one output key; they take `regions` (fan-out), `fields` and
   * `group_by`, applied by the server (server/shape.ts).
   */
  fanOut?: RowShape;
  /** Read tools with an id list answer the ids that exist and list the rest as `not_found`. */
  idList?: IdList;
  /** The MCP listing, computed on first use. */
  listing(): Tool;
}

/** The output key holding a list tool's rows, when the tool pages and has exactly one list. */
/** Output keys the shared list options use, which a tool's own output may not. */
const RESERVED_OUTPUT = ["regions", "errors", "groups", "incomplete", "not_found"];

function rowsKeyOf(definition: ToolDefinition): string | undefined {
  // Global lists (IAM, S3's buckets) get fields and group_by too, only no `regions` fan-out.
  if (definition.access !== "read") return undefined;
  // The region list's own rows are `regions`: it keeps its shape.
  if (RESERVED_OUTPUT.some((key) => key in definition.output.shape)) return undefined;
  // A tool with its own `regions` input (price comparisons) already spans regions itself.
  if (!("next_token" in definition.input.shape) || "regions" in definition.input.shape) {
    return undefined;
  }
  const lists = Object.entries(definition.output.shape).filter(([, v]) =>
    v instanceof z.ZodArray && v.element instanceof z.ZodObject
  );
  return lists.length === 1 ? lists[0]![0] : undefined;
}

/**
 * `regions` for list tools: several regions at once, or ["all"] for every enabled one. A plain
 * array costs the model fewer tokens than a union with the literal.
 */
const regionsInput = z.array(
  z.string().refine((r) => r === "all" || KNOWN_REGIONS.includes(r), {
    error: (issue) =>
      `unknown region ${
        JSON.stringify(clip(String(issue.input)))
      }; expected a region code or "all"`,
  }),
)
  .min(1).max(40)
  .refine((r) => !r.includes("all") || r.length === 1, {
    error: 'use ["all"] alone, or region codes',
  })
  .optional();

/**
 * Inputs every tool (or every list or mutating tool) shares. The instructions explain them once
 * (server/server.ts); in each listing they carry only their type, since every word of a schema
 * costs the model tokens on every turn.
 */
const SHARED_INPUTS = new Set([
  "region",
  "regions",
  "role_arn",
  "dry_run",
  "max_results",
  "next_token",
]);

function typeOnly(schema: Record<string, unknown>): Record<string, unknown> {
  const { type, items } = schema;
  return { type, ...(items ? { items: typeOnly(items as Record<string, unknown>) } : {}) };
}

// Keywords the server enforces itself (zod, with errors naming the field) and that cost the model
// tokens on every turn without helping it choose arguments: bounds, patterns, and the closed-object
// marker (an unknown key is refused with an error naming it).
const LEAN_DROPS = new Set([
  "pattern",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "propertyNames",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
]);

function lean(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(lean);
  if (!node || typeof node !== "object") return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !LEAN_DROPS.has(k) && !(k === "additionalProperties" && v === false))
      .map(([k, v]) => [k, lean(v)]),
  );
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Tool["inputSchema"] {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  if (io === "output") return rest as Tool["inputSchema"];
  const input = lean(rest) as Tool["inputSchema"];
  const properties = Object.entries(input.properties ?? {}).map(([k, v]) =>
    [k, SHARED_INPUTS.has(k) ? typeOnly(v as Record<string, unknown>) : v] as const
  );
  return {
    ...input,
    properties: Object.fromEntries(properties) as NonNullable<Tool["inputSchema"]["properties"]>,
  };
}

/** Wraps a definition with the shared `region` input and the account/region envelope. */
export function registerTool(
  definition: ToolDefinition,
  options: { roles?: boolean } = {},
): RegisteredTool {
  const mutating = definition.access !== "read";
  const rowsKey = rowsKeyOf(definition);
  const row = rowsKey
    ? (definition.output.shape[rowsKey] as z.ZodArray).element as z.ZodObject
    : undefined;
  const shape = rowsKey && row ? rowShape(rowsKey, row) : undefined;
  const idList = idListOf(definition);
  const input = definition.input.extend({
    // A tool that only prices names regions it never calls: --regions does not apply to them.
    region: (definition.publicData ? priceRegionSchema : regionSchema).optional(),
    ...(shape && definition.regional !== false ? { regions: regionsInput } : {}),
    ...(shape ? shapeInput(shape) : {}),
    ...(options.roles ? { role_arn: z.string().optional() } : {}),
    ...(mutating ? { dry_run: z.boolean().optional() } : {}),
  }).strict();
  const envelope = z.object({ account: z.string(), region: z.string() });
  // A dry run or a declined confirmation returns no resource data, so a mutating tool's own
  // fields are optional in the schema clients validate against.
  const output = mutating
    ? envelope.extend(mutationOutcome).extend(definition.output.partial().shape)
    : shape && row
    // A fan-out names the region above each region's rows, not in the envelope.
    ? envelope.extend({ region: z.string().optional() }).extend(definition.output.shape)
      .extend(shapeOutput(shape, row)).extend(idList ? notFoundOutput : {})
    : envelope.extend(definition.output.shape).extend(idList ? notFoundOutput : {});
  let listing: Tool | undefined;
  return {
    definition,
    input,
    output,
    ...(shape ? { fanOut: shape } : {}),
    ...(idList ? { idList } : {}),
    listing: () =>
      listing ??= {
        name: definition.name,
        title: definition.title,
        description: definition.description,
        inputSchema: jsonSchema(input, "input"),
        outputSchema: jsonSchema(output, "output"),
        annotations: {
          title: definition.title,
          readOnlyHint: definition.access === "read",
          destructiveHint: definition.access === "destructive",
          idempotentHint: definition.idempotent,
          openWorldHint: true,
        },
      },
  };
}
