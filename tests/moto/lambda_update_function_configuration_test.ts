import { deepEqual, equal, ok } from "node:assert/strict";
import { lambdaTools } from "../../tools/lambda/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { motoFunction, motoLambda, motoLambdaRole } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on functions named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);
const SECRET = "new-db-password-value";

motoTest(
  "lambda_update_function_configuration changes memory, timeout, concurrency and merges the environment on moto",
  async (endpoint, t) => {
    const name = `ufc-${RUN}`;
    const lambda = await motoLambda(endpoint, REGION);
    await motoFunction(lambda, await motoLambdaRole(endpoint), name, {
      Environment: { Variables: { KEEP: "1", OLD: "x", DB_PASSWORD: "old" } },
      Tags: { env: "dev" },
    });
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowWrite: true,
      requireTag: { key: "env", value: "dev" },
    }, { inventory: lambdaTools });
    try {
      await t.step("dry_run reports the change and changes nothing", async () => {
        const out = await callOk<{ memory_mb?: unknown; dry_run?: { would_succeed: boolean } }>(
          client,
          "lambda_update_function_configuration",
          { function_name: name, memory_mb: 1024, dry_run: true },
        );
        deepEqual(out.memory_mb, { from: 128, to: 1024 });
        equal(out.dry_run?.would_succeed, true);
        equal((await lambda.getFunctionConfiguration({ FunctionName: name })).MemorySize, 128);
      });
      await t.step("applies every change, waits, and never echoes a value", async () => {
        const result = await call(client, "lambda_update_function_configuration", {
          function_name: name,
          memory_mb: 1024,
          timeout_s: 30,
          reserved_concurrency: 3,
          environment: { DB_PASSWORD: SECRET, NEW: "y", OLD: null, KEEP: "1" },
        });
        ok(!result.isError, text(result));
        ok(!text(result).includes(SECRET), "an environment value reached the result");
        const out = result.structuredContent as Record<string, unknown>;
        deepEqual(out.memory_mb, { from: 128, to: 1024 });
        deepEqual(out.timeout_s, { from: 3, to: 30 });
        deepEqual(out.reserved_concurrency, { from: null, to: 3 });
        deepEqual(out.environment, { added: ["NEW"], changed: ["DB_PASSWORD"], removed: ["OLD"] });
        equal(out.last_update_status, "Successful");
        const fn = await lambda.getFunction({ FunctionName: name });
        equal(fn.Configuration?.MemorySize, 1024);
        equal(fn.Configuration?.Timeout, 30);
        deepEqual(fn.Configuration?.Environment?.Variables, {
          KEEP: "1",
          DB_PASSWORD: SECRET,
          NEW: "y",
        });
        equal(fn.Concurrency?.ReservedConcurrentExecutions, 3);
      });
      await t.step("null removes the reserved concurrency", async () => {
        const out = await callOk<{ reserved_concurrency?: unknown }>(
          client,
          "lambda_update_function_configuration",
          { function_name: name, reserved_concurrency: null },
        );
        deepEqual(out.reserved_concurrency, { from: 3, to: null });
        equal((await lambda.getFunction({ FunctionName: name })).Concurrency, undefined);
      });
    } finally {
      await close();
    }
  },
);

motoTest(
  "lambda_update_function_configuration with --require-tag refuses an untagged function and changes nothing",
  async (endpoint) => {
    const name = `ufc-${RUN}-prod`;
    const lambda = await motoLambda(endpoint, REGION);
    await motoFunction(lambda, await motoLambdaRole(endpoint), name, { Tags: { env: "prod" } });
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowWrite: true,
      requireTag: { key: "env", value: "dev" },
    }, { inventory: lambdaTools });
    try {
      const refused = await call(client, "lambda_update_function_configuration", {
        function_name: name,
        memory_mb: 2048,
      });
      equal(refused.isError, true);
      ok(text(refused).startsWith("RequiredTagMissing: "), text(refused));
      equal((await lambda.getFunctionConfiguration({ FunctionName: name })).MemorySize, 128);
    } finally {
      await close();
    }
  },
);
