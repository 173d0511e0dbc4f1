import { deepEqual, equal, ok } from "node:assert/strict";
import { lambdaTools } from "../../tools/lambda/mod.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";
import { motoFunction, motoLambda, motoLambdaRole } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on functions named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);

interface Row {
  name: string;
  runtime?: string;
  deprecated_runtime?: boolean;
  memory_mb?: number;
  timeout_s?: number;
  architecture?: string;
  package_type?: string;
}

motoTest(
  "lambda_list_functions filters by runtime, name and tags and pages against moto",
  async (endpoint, t) => {
    const lambda = await motoLambda(endpoint, REGION);
    const role = await motoLambdaRole(endpoint);
    const names = ["api", "worker", "legacy"].map((n) => `lf-${RUN}-${n}`);
    await motoFunction(lambda, role, names[0]!, { Tags: { team: "web" }, MemorySize: 512 });
    await motoFunction(lambda, role, names[1]!, { Tags: { team: "batch" }, Timeout: 60 });
    await motoFunction(lambda, role, names[2]!, { Runtime: "python3.8", Tags: { team: "web" } });
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: lambdaTools });
    try {
      await t.step(
        "rows carry the configuration, and the deprecated runtime is flagged",
        async () => {
          const out = await callOk<{ functions: Row[] }>(client, "lambda_list_functions", {
            name_contains: RUN,
          });
          deepEqual(out.functions.map((f) => f.name).sort(), [...names].sort());
          const api = out.functions.find((f) => f.name === names[0]);
          equal(api?.memory_mb, 512);
          equal(api?.runtime, "python3.12");
          equal(api?.architecture, "x86_64");
          equal(api?.package_type, "Zip");
          equal(api?.deprecated_runtime, undefined);
          equal(out.functions.find((f) => f.name === names[2])?.deprecated_runtime, true);
        },
      );
      await t.step("runtime and tags filters AND together", async () => {
        const out = await callOk<{ functions: Row[] }>(client, "lambda_list_functions", {
          name_contains: RUN,
          runtime: "python3.12",
          tags: { team: "web" },
        });
        deepEqual(out.functions.map((f) => f.name), [names[0]]);
      });
      await t.step("pages of two cover all three", async () => {
        const first = await callOk<{ functions: Row[]; next_token?: string }>(
          client,
          "lambda_list_functions",
          { name_contains: RUN, max_results: 2 },
        );
        ok(first.next_token);
        const second = await callOk<{ functions: Row[]; next_token?: string }>(
          client,
          "lambda_list_functions",
          { name_contains: RUN, max_results: 2, next_token: first.next_token },
        );
        equal(second.next_token, undefined);
        equal(first.functions.length + second.functions.length, 3);
      });
    } finally {
      await close();
    }
  },
);
