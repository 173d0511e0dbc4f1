import { z } from "zod";
import { defineTool, type ToolDefinition } from "../tools/tool.ts";

/**
 * Fake tools for tests of the server's own machinery (confirmation, progress, cancellation):
 * they touch no AWS, and record in `acted` what they did, so a test can prove nothing happened.
 */
export function fakeTools() {
  const acted: string[] = [];
  const deleteThing = defineTool({
    name: "ec2_delete_thing",
    toolset: "ec2",
    title: "Delete a thing",
    description: "Deletes a thing, for testing confirmation of destructive tools.",
    access: "destructive",
    idempotent: true,
    iam: ["ec2:DeleteThing"],
    input: z.object({ id: z.string() }),
    output: z.object({ deleted: z.string() }),
    confirm: (input) => Promise.resolve(`Delete thing ${input.id}`),
    handler(input) {
      acted.push(`delete ${input.id}`);
      return Promise.resolve({ deleted: input.id });
    },
  }) as unknown as ToolDefinition;
  const waitThing = defineTool({
    name: "ec2_wait_thing",
    toolset: "ec2",
    title: "Wait for a thing",
    description: "Waits for a thing to become ready, for testing progress and cancellation.",
    access: "write",
    idempotent: true,
    iam: ["ec2:DescribeThing"],
    input: z.object({ polls: z.number() }),
    output: z.object({ done: z.boolean(), message: z.string() }),
    async handler(input, ctx) {
      let n = 0;
      const outcome = await ctx.wait(() => {
        n++;
        return Promise.resolve({ done: n >= input.polls, message: `poll ${n}` });
      });
      return { done: outcome.done, message: outcome.message };
    },
  }) as unknown as ToolDefinition;
  return { acted, deleteThing, waitThing };
}
