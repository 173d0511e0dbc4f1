import { deepEqual, equal, ok } from "node:assert/strict";
import { lambdaTools } from "../../tools/lambda/mod.ts";
import { call, connectMoto, motoTest, text } from "../_helpers.ts";
import { motoFunction, motoLambda, motoLambdaRole, motoLogEvents, motoLogs } from "./_lambda.ts";

// moto's state is global: this file works in ca-west-1, only on functions named with its run id.
const REGION = "ca-west-1";
const RUN = crypto.randomUUID().slice(0, 8);
const R1 = "11111111-2222-4333-8444-555555555555";
const R2 = "66666666-7777-4888-9999-aaaaaaaaaaaa";

motoTest(
  "lambda_get_recent_errors groups a function's error lines by request in moto's logs",
  async (endpoint) => {
    const name = `re-${RUN}`;
    const lambda = await motoLambda(endpoint, REGION);
    await motoFunction(lambda, await motoLambdaRole(endpoint), name);
    const logs = await motoLogs(endpoint, REGION);
    await motoLogEvents(logs, `/aws/lambda/${name}`, [
      [600, `START RequestId: ${R1} Version: $LATEST`],
      [590, `[ERROR]\t2025-01-01T00:00:00Z\t${R1}\tKeyError: 'user' password=s3cr3t-value`],
      [589, `Traceback (most recent call last): ${R1}`],
      [300, `START RequestId: ${R2} Version: $LATEST`],
      [200, `2025-01-01T00:05:00Z ${R2} Task timed out after 3.00 seconds`],
      [100, "INFO all good"],
      [90000, `[ERROR] outside the window ${R1}`],
    ]);
    const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: lambdaTools });
    try {
      const result = await call(client, "lambda_get_recent_errors", {
        function_name: name,
        last: "1h",
      });
      ok(!result.isError, text(result));
      ok(!text(result).includes("s3cr3t-value"), "a secret in a log line reached the result");
      const out = result.structuredContent as {
        log_group: string;
        error_requests: number;
        timeouts: number;
        requests: { request_id?: string; kind: string; lines: number; messages: string[] }[];
      };
      equal(out.log_group, `/aws/lambda/${name}`);
      equal(out.error_requests, 2);
      equal(out.timeouts, 1);
      deepEqual(out.requests.map((r) => [r.request_id, r.kind, r.lines]), [
        [R2, "timeout", 1],
        [R1, "error", 2],
      ]);
      ok(out.requests[1]?.messages[0]?.includes("password=***MASKED***"));
    } finally {
      await close();
    }
  },
);
