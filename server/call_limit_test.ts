import { equal, match } from "node:assert/strict";
import { z } from "zod";
import { call, callOk, connect, stubAws, text } from "../tests/_helpers.ts";
import { defineTool, type ToolDefinition } from "../tools/tool.ts";

Deno.test("calls beyond the per-process bound are answered busy at once, not queued", async () => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started = 0;
  const slow = defineTool({
    name: "ec2_slow_thing",
    toolset: "ec2",
    title: "Slow thing",
    description: "Waits for the test to let it finish.",
    access: "read",
    idempotent: true,
    iam: ["ec2:DescribeThing"],
    input: z.object({}),
    output: z.object({ done: z.boolean() }),
    async handler() {
      started++;
      await gate;
      return { done: true };
    },
  }) as unknown as ToolDefinition;
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [slow],
    maxConcurrentCalls: 2,
  });
  try {
    const running = [callOk(client, "ec2_slow_thing"), callOk(client, "ec2_slow_thing")];
    while (started < 2) await new Promise((r) => setTimeout(r, 5));
    const busy = await call(client, "ec2_slow_thing");
    equal(busy.isError, true);
    match(
      text(busy),
      /^Busy: this server is already running 2 tool calls — retry in a few seconds$/,
    );
    equal(started, 2, "the refused call never ran");
    release();
    await Promise.all(running);
    equal((await callOk(client, "ec2_slow_thing")).done, true);
  } finally {
    await close();
  }
});
