import { deepEqual, equal, match } from "node:assert/strict";
import { lambdaTools } from "../../tools/lambda/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { motoFunction, motoLambda, motoLambdaRole, motoQueue } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on functions named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);

interface Row {
  uuid: string;
  function?: string;
  source?: string;
  state?: string;
  batch_size?: number;
}

motoTest(
  "lambda_list_event_source_mappings lists by function and by source against moto",
  async (endpoint, t) => {
    const lambda = await motoLambda(endpoint, REGION);
    const role = await motoLambdaRole(endpoint);
    const [a, b] = [`esm-${RUN}-a`, `esm-${RUN}-b`];
    await motoFunction(lambda, role, a);
    await motoFunction(lambda, role, b);
    const q1 = await motoQueue(endpoint, REGION, `esm-${RUN}-1`);
    const q2 = await motoQueue(endpoint, REGION, `esm-${RUN}-2`);
    await lambda.createEventSourceMapping({ FunctionName: a, EventSourceArn: q1, BatchSize: 5 });
    await lambda.createEventSourceMapping({ FunctionName: a, EventSourceArn: q2 });
    await lambda.createEventSourceMapping({ FunctionName: b, EventSourceArn: q2 });
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: lambdaTools });
    try {
      await t.step("by function: both of its sources, with state and batch size", async () => {
        const out = await callOk<{ mappings: Row[] }>(client, "lambda_list_event_source_mappings", {
          function_name: a,
        });
        deepEqual(out.mappings.map((m) => m.source).sort(), [q1, q2]);
        const first = out.mappings.find((m) => m.source === q1);
        equal(first?.batch_size, 5);
        equal(first?.function, a);
        equal(typeof first?.state, "string");
      });
      await t.step("by source: both functions it feeds", async () => {
        const out = await callOk<{ mappings: Row[] }>(client, "lambda_list_event_source_mappings", {
          event_source_arn: q2,
        });
        deepEqual(out.mappings.map((m) => m.function).sort(), [a, b]);
      });
      await t.step("neither function nor source is an input error", async () => {
        const result = await call(client, "lambda_list_event_source_mappings", {});
        match(text(result), /^InvalidInput: function_name: /);
      });
    } finally {
      await close();
    }
  },
);
