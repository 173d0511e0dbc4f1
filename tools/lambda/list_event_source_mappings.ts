import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import { functionName } from "./_lambda.ts";

const mappingRow = z.object({
  uuid: z.string(),
  function: z.string().optional(),
  source: z.string().optional(),
  state: z.string().optional(),
  batch_size: z.int().optional(),
  batching_window_s: z.int().optional(),
  last_result: z.string().optional(),
  last_modified: z.string().optional(),
});

/** `lambda_list_event_source_mappings`: what feeds a function (queues, streams), and how it went. */
export const listEventSourceMappings = defineTool({
  name: "lambda_list_event_source_mappings",
  toolset: "lambda",
  title: "List Lambda event source mappings",
  description:
    "Event source mappings by function and/or source ARN: state, batch size, last result. Paged.",
  access: "read",
  idempotent: true,
  iam: ["lambda:ListEventSourceMappings"],
  input: z.object({
    function_name: functionName.optional(),
    event_source_arn: z.string().regex(/^arn:aws[a-z-]*:/, "expected an ARN").max(1024)
      .optional(),
    ...pageInput,
  }),
  output: z.object({ mappings: z.array(mappingRow), ...pageOutput }),
  async handler(args, ctx) {
    if (!args.function_name && !args.event_source_arn) {
      throw new ToolError(
        "InvalidInput",
        "function_name: give function_name or event_source_arn",
        "name the function, the source, or both",
      );
    }
    const lambda = await ctx.aws.client("lambda");
    const { rows, ...more } = await listPage(args, ctx.region, async (token) => {
      const out = await lambda.listEventSourceMappings({
        ...(args.function_name ? { FunctionName: args.function_name } : {}),
        ...(args.event_source_arn ? { EventSourceArn: args.event_source_arn } : {}),
        MaxItems: 100,
        ...(token ? { Marker: token } : {}),
      });
      const items = (out.EventSourceMappings ?? []).map((m) =>
        compact({
          uuid: m.UUID ?? "",
          function: m.FunctionArn?.split(":function:")[1],
          source: m.EventSourceArn,
          state: m.State,
          batch_size: m.BatchSize,
          batching_window_s: m.MaximumBatchingWindowInSeconds || undefined,
          last_result: m.LastProcessingResult,
          last_modified: m.LastModified?.toISOString(),
        })
      );
      return { items, nextToken: out.NextMarker };
    });
    return { mappings: rows, ...more };
  },
});
