import { z } from "zod";
import { paginate } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { maskText } from "../../schemas/masking.ts";
import { DEFAULT_PAGE, pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool } from "../tool.ts";
import {
  logGroupName,
  logWindowInput,
  logWindowOutput,
  resolveLogWindow,
  scanEvents,
  windowRow,
} from "./_logs.ts";

/** Events read per call at most; past it the result says `complete: false`. */
const MAX_EVENTS = 5_000;
/** Characters of one message shown; longer ones end with `…`. */
const MAX_MESSAGE = 2_000;

const eventRow = z.object({
  time: z.string(),
  first_time: z.string().optional(),
  count: z.int(),
  group: z.string().optional(),
  stream: z.string().optional(),
  message: z.string(),
});

/** `logs_filter_events`: matching events of one or more log groups, newest first, collapsed. */
export const filterEvents = defineTool({
  name: "logs_filter_events",
  toolset: "logs",
  title: "Filter CloudWatch Logs events",
  description:
    "Log events matching a filter pattern in a window (default 1h), newest first; identical messages collapsed with counts. Masked; reads ≤ 5,000 events. Paged.",
  access: "read",
  idempotent: true,
  iam: ["logs:FilterLogEvents"],
  input: z.object({
    log_groups: z.array(logGroupName).min(1).max(10),
    filter_pattern: z.string().max(1024).optional(),
    ...logWindowInput,
    ...pageInput,
  }),
  output: z.object({
    window: logWindowOutput,
    events: z.array(eventRow),
    complete: z.literal(false).optional(),
    ...pageOutput,
  }),
  async handler(args, ctx) {
    const window = resolveLogWindow(args, new Date());
    const logs = await ctx.aws.client("logs");
    const several = args.log_groups.length > 1;
    let complete = true;
    // The scan is repeated for every page (stateless paging): the token holds the offset into
    // the collapsed, newest-first rows, and a hash of the arguments.
    const page = await paginate({
      maxResults: args.max_results ?? DEFAULT_PAGE,
      nextToken: args.next_token,
      key: { ...args, next_token: undefined, max_results: undefined, region: ctx.region },
      fetch: async () => {
        const scan = await scanEvents(logs, args.log_groups, window, args.filter_pattern, {
          maxEvents: MAX_EVENTS,
          maxCalls: 20,
        });
        complete = scan.complete;
        const groups = new Map<
          string,
          z.input<typeof eventRow> & { last: number; first: number }
        >();
        for (const e of scan.events) {
          const key = `${e.group}\n${e.message}`;
          const row = groups.get(key);
          if (row) {
            row.count++;
            if (e.time > row.last) Object.assign(row, { last: e.time, stream: e.stream });
            row.first = Math.min(row.first, e.time);
          } else {
            groups.set(key, {
              time: "",
              count: 1,
              group: e.group,
              stream: e.stream,
              message: e.message,
              last: e.time,
              first: e.time,
            });
          }
        }
        const rows = [...groups.values()].sort((a, b) => b.last - a.last).map((r) =>
          compact({
            time: new Date(r.last).toISOString(),
            first_time: r.count > 1 ? new Date(r.first).toISOString() : undefined,
            count: r.count,
            group: several ? r.group : undefined,
            stream: r.count === 1 ? r.stream : undefined,
            message: maskText(r.message, ctx.revealSecrets, MAX_MESSAGE),
          })
        );
        return { items: rows };
      },
    });
    return {
      window: windowRow(window),
      events: page.items,
      ...(complete ? {} : { complete: false as const }),
      ...(page.nextToken ? { next_token: page.nextToken } : {}),
    };
  },
});
