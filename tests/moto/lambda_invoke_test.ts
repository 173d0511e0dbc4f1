import { deepEqual, equal, ok } from "node:assert/strict";
import { lambdaTools } from "../../tools/lambda/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { startLambdaStandIn } from "../_lambda_standin.ts";
import { motoFunction, motoLambda, motoLambdaRole } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on functions named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);
const KEY = "AKIAIOSFODNN7EXAMPLE";

interface Invoked {
  status_code?: number;
  function_error?: string;
  log_tail?: string;
  payload?: unknown;
  dry_run?: { would_succeed: boolean };
}

motoTest(
  "lambda_invoke runs a function on moto: sync, event and DryRun, payload secrets masked",
  async (endpoint, t) => {
    const name = `inv-${RUN}`;
    const lambda = await motoLambda(endpoint, REGION);
    await motoFunction(lambda, await motoLambdaRole(endpoint), name);
    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true }, {
      inventory: lambdaTools,
    });
    try {
      await t.step(
        "sync: moto's Docker-less Lambda echoes the payload; secrets in it are masked",
        async () => {
          const result = await call(client, "lambda_invoke", {
            function_name: name,
            payload: { user: "bob", db_password: "pa55-secret", note: `key ${KEY}` },
          });
          ok(!result.isError, text(result));
          ok(!text(result).includes("pa55-secret"), "a payload secret reached the result");
          ok(!text(result).includes(KEY), "an access key reached the result");
          const out = result.structuredContent as Invoked;
          equal(out.status_code, 200);
          deepEqual(out.payload, {
            user: "bob",
            db_password: "***MASKED***",
            note: "key AKIA****************",
          });
        },
      );
      await t.step("event: queued, status 202", async () => {
        const out = await callOk<Invoked>(client, "lambda_invoke", {
          function_name: name,
          invocation: "event",
          // An object: moto's Invoke reads the body as an object and fails on a top-level array.
          payload: { job: 42 },
        });
        equal(out.status_code, 202);
      });
      await t.step("dry_run uses Lambda's DryRun invocation: 204, would succeed", async () => {
        const out = await callOk<Invoked>(client, "lambda_invoke", {
          function_name: name,
          dry_run: true,
        });
        equal(out.status_code, 204);
        equal(out.dry_run?.would_succeed, true);
      });
    } finally {
      await close();
    }
  },
);

motoTest(
  "lambda_invoke reports a function error and its decoded log tail (Lambda stand-in), masked",
  async (endpoint) => {
    const name = `inv-${RUN}-err`;
    const lambda = await motoLambda(endpoint, REGION);
    await motoFunction(lambda, await motoLambdaRole(endpoint), name);
    // moto never sets FunctionError or a log tail: a Lambda REST-JSON stand-in answers Invoke.
    const standIn = startLambdaStandIn({
      Invoke: (_fn, headers) => ({
        status: 200,
        functionError: "Unhandled",
        executedVersion: "$LATEST",
        logTail: headers.get("x-amz-log-type") === "Tail"
          ? `START RequestId: r1\n[ERROR] connect failed password=tail-secret ${KEY}\nEND RequestId: r1\n`
          : undefined,
        payload: JSON.stringify({
          errorMessage: "connect failed",
          errorType: "ConnectionError",
          config: { api_token: "payload-token-value" },
        }),
      }),
    }, endpoint);
    const { client, close } = await connectMoto(standIn.url, REGION, { allowWrite: true }, {
      inventory: lambdaTools,
    });
    try {
      const result = await call(client, "lambda_invoke", { function_name: name, payload: {} });
      ok(!result.isError, text(result));
      for (const secret of ["tail-secret", KEY, "payload-token-value"]) {
        ok(!text(result).includes(secret), `${secret} reached the result`);
      }
      const out = result.structuredContent as Invoked;
      equal(out.function_error, "Unhandled");
      ok(out.log_tail?.includes("[ERROR] connect failed password=***MASKED***"), out.log_tail);
      deepEqual(out.payload, {
        errorMessage: "connect failed",
        errorType: "ConnectionError",
        config: { api_token: "***MASKED***" },
      });
      equal(standIn.calls[0]?.headers.get("x-amz-invocation-type"), "RequestResponse");
    } finally {
      await close();
      await standIn.close();
    }
  },
);

motoTest(
  "lambda_invoke with --require-tag refuses an untagged function and invokes nothing",
  async (endpoint) => {
    const [tagged, untagged] = [`inv-${RUN}-ok`, `inv-${RUN}-no`];
    const lambda = await motoLambda(endpoint, REGION);
    const role = await motoLambdaRole(endpoint);
    await motoFunction(lambda, role, tagged, { Tags: { env: "dev" } });
    await motoFunction(lambda, role, untagged, { Tags: { env: "prod" } });
    // The stand-in forwards everything to moto and counts the Invoke requests that reach it.
    const standIn = startLambdaStandIn({}, endpoint);
    const invocations = () =>
      standIn.requests.length && standIn.headers
        .filter((h) => h.has("x-amz-invocation-type")).length;
    const { client, close } = await connectMoto(standIn.url, REGION, {
      allowWrite: true,
      requireTag: { key: "env", value: "dev" },
    }, { inventory: lambdaTools });
    try {
      const refused = await call(client, "lambda_invoke", { function_name: untagged });
      equal(refused.isError, true);
      ok(
        text(refused).startsWith(`RequiredTagMissing: refused: ${untagged} does not carry env=dev`),
      );
      equal(invocations(), 0);
      const allowed = await callOk<Invoked>(client, "lambda_invoke", { function_name: tagged });
      equal(allowed.status_code, 200);
      equal(invocations(), 1);
    } finally {
      await close();
      await standIn.close();
    }
  },
);
