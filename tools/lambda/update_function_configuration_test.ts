import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { mergeEnvironment, updateFunctionConfiguration } from "./update_function_configuration.ts";

const inventory = [updateFunctionConfiguration];

Deno.test("mergeEnvironment merges by name and reports names only", () => {
  deepEqual(
    mergeEnvironment({ A: "1", B: "2", C: "3" }, { A: "1", B: "two", C: null, D: "4", E: null }),
    {
      merged: { A: "1", B: "two", D: "4" },
      report: { added: ["D"], changed: ["B"], removed: ["C"] },
    },
  );
});

Deno.test("lambda_update_function_configuration waits while the update is InProgress", async () => {
  let polls = 0;
  const aws = stubAws({
    lambda: {
      getFunction: () => ({ Configuration: { FunctionName: "api", MemorySize: 128, Timeout: 3 } }),
      updateFunctionConfiguration: () => ({}),
      getFunctionConfiguration: () => ({
        LastUpdateStatus: ++polls < 3 ? "InProgress" : "Successful",
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory,
    waitIntervalMs: 5,
  });
  try {
    const out = await callOk<{ memory_mb: unknown; last_update_status: string }>(
      client,
      "lambda_update_function_configuration",
      { function_name: "api", memory_mb: 512, timeout_s: 3 },
    );
    deepEqual(out.memory_mb, { from: 128, to: 512 });
    equal(out.last_update_status, "Successful");
    equal(polls, 3);
    deepEqual(aws.calls.find((c) => c.method === "updateFunctionConfiguration")?.input, {
      FunctionName: "api",
      MemorySize: 512,
    });
  } finally {
    await close();
  }
});

Deno.test("lambda_update_function_configuration changes nothing when nothing differs or nothing is asked", async () => {
  const aws = stubAws({
    lambda: {
      getFunction: () => ({
        Configuration: {
          FunctionName: "api",
          MemorySize: 128,
          Environment: { Variables: { A: "1" } },
        },
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const same = await callOk<{ unchanged?: boolean }>(
      client,
      "lambda_update_function_configuration",
      { function_name: "api", memory_mb: 128, environment: { A: "1", B: null } },
    );
    equal(same.unchanged, true);
    match(
      text(await call(client, "lambda_update_function_configuration", { function_name: "api" })),
      /^InvalidInput: memory_mb: give at least one of/,
    );
    match(
      text(
        await call(client, "lambda_update_function_configuration", {
          function_name: "api",
          timeout_s: 901,
        }),
      ),
      /^InvalidInput: timeout_s: /,
    );
    deepEqual(aws.calls.map((c) => c.method), ["getFunction"]);
  } finally {
    await close();
  }
});
