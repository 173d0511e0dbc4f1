import { deepEqual, equal, ok } from "node:assert/strict";
import { lambdaTools } from "../../tools/lambda/mod.ts";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";
import { startLambdaStandIn } from "../_lambda_standin.ts";
import { motoFunction, motoLambda, motoLambdaRole, motoQueue } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on functions named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);
const SECRET = "hunter2-db-password-value";

motoTest(
  "lambda_get_function reads a function in full from moto, provisioned concurrency from a stand-in",
  async (endpoint, t) => {
    const name = `gf-${RUN}`;
    const lambda = await motoLambda(endpoint, REGION);
    const role = await motoLambdaRole(endpoint);
    const arn = await motoFunction(lambda, role, name, {
      Environment: { Variables: { DB_PASSWORD: SECRET, LOG_LEVEL: "debug" } },
      Tags: { team: "web" },
    });
    await lambda.putFunctionConcurrency({ FunctionName: name, ReservedConcurrentExecutions: 7 });
    await lambda.publishVersion({ FunctionName: name });
    await lambda.createAlias({ FunctionName: name, Name: "live", FunctionVersion: "1" });
    await lambda.createFunctionUrlConfig({ FunctionName: name, AuthType: "NONE" });
    await lambda.addPermission({
      FunctionName: name,
      StatementId: "s3",
      Action: "lambda:InvokeFunction",
      Principal: "s3.amazonaws.com",
      SourceArn: "arn:aws:s3:::uploads",
    });
    const queue = await motoQueue(endpoint, REGION, `gf-${RUN}`);
    await lambda.createEventSourceMapping({ FunctionName: name, EventSourceArn: queue });
    // moto has no provisioned concurrency: a Lambda REST-JSON stand-in answers that one call
    // and forwards every other request to moto.
    const standIn = startLambdaStandIn({
      ListProvisionedConcurrencyConfigs: () => [{
        FunctionArn: `${arn}:live`,
        RequestedProvisionedConcurrentExecutions: 5,
        AllocatedProvisionedConcurrentExecutions: 5,
        Status: "READY",
      }],
    }, endpoint);
    const server = await connectMoto(standIn.url, REGION, {}, { inventory: lambdaTools });
    const revealing = await connectMoto(standIn.url, REGION, { revealSecrets: true }, {
      inventory: lambdaTools,
    });
    try {
      await t.step("configuration, concurrency, aliases, URL, mappings and invokers", async () => {
        const result = await call(server.client, "lambda_get_function", { function_name: name });
        ok(!result.isError, text(result));
        ok(!text(result).includes(SECRET), "an environment value reached the result");
        const out = result.structuredContent as Record<string, unknown>;
        deepEqual(out.environment, { DB_PASSWORD: "***MASKED***", LOG_LEVEL: "***MASKED***" });
        equal(out.reserved_concurrency, 7);
        deepEqual(out.provisioned_concurrency, [
          { qualifier: "live", requested: 5, allocated: 5, status: "READY" },
        ]);
        deepEqual(out.aliases, { count: 1, latest: ["live"] });
        deepEqual(out.versions, { count: 1, latest: ["1"] });
        const url = out.function_url as { auth_type: string; public: boolean };
        equal(url.auth_type, "NONE");
        equal(url.public, true);
        const esm = out.event_source_mappings as { count: number; latest: { source: string }[] };
        equal(esm.count, 1);
        equal(esm.latest[0]?.source, queue);
        deepEqual(out.may_invoke, [{
          principal: "s3.amazonaws.com",
          action: "lambda:InvokeFunction",
          source: "arn:aws:s3:::uploads",
        }]);
        deepEqual(out.tags, { team: "web" });
        equal(out.role, role);
        equal(standIn.calls.length, 1);
      });
      await t.step("--reveal-secrets shows environment values", async () => {
        const out = await callOk<{ environment: Record<string, string> }>(
          revealing.client,
          "lambda_get_function",
          { function_name: name },
        );
        equal(out.environment.DB_PASSWORD, SECRET);
      });
      await t.step("an unknown function is a not-found error", async () => {
        const result = await call(server.client, "lambda_get_function", {
          function_name: `gf-${RUN}-missing`,
        });
        equal(result.isError, true);
        ok(text(result).startsWith("ResourceNotFoundException: "), text(result));
      });
    } finally {
      await server.close();
      await revealing.close();
      await standIn.close();
    }
  },
);
