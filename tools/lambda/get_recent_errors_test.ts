import { deepEqual, equal, ok } from "node:assert/strict";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { ERROR_PATTERN, getRecentErrors, groupErrors } from "./get_recent_errors.ts";

const ID = "0a1b2c3d-1111-4222-8333-444455556666";
const at = (s: number) => Date.parse("2025-01-01T00:00:00Z") + s * 1000;

Deno.test("groupErrors groups by request id, newest first, and keeps lines without one apart", () => {
  const rows = groupErrors([
    { group: "g", stream: "s", time: at(1), message: `START RequestId: ${ID}` },
    { group: "g", stream: "s", time: at(2), message: `[ERROR] ${ID} KeyError token=abc123` },
    { group: "g", stream: "s", time: at(3), message: `[ERROR] ${ID} KeyError token=abc123` },
    { group: "g", stream: "s", time: at(9), message: "Error: cannot load module" },
  ], false);
  deepEqual(rows, [
    {
      kind: "error",
      time: "2025-01-01T00:00:09.000Z",
      lines: 1,
      messages: ["Error: cannot load module"],
    },
    {
      request_id: ID,
      kind: "error",
      time: "2025-01-01T00:00:03.000Z",
      lines: 2,
      messages: [`[ERROR] ${ID} KeyError token=***MASKED***`],
    },
  ]);
});

Deno.test("lambda_get_recent_errors reads the function's own log group with the error pattern", async () => {
  const aws = stubAws({
    lambda: {
      getFunctionConfiguration: () => ({
        FunctionName: "api",
        LoggingConfig: { LogGroup: "/custom/api" },
      }),
    },
    logs: {
      filterLogEvents: () => ({
        events: [{
          timestamp: Date.now() - 1000,
          message: `${ID} Task timed out after 3.00 seconds`,
        }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getRecentErrors] });
  try {
    const out = await callOk<{ log_group: string; timeouts: number; requests: unknown[] }>(
      client,
      "lambda_get_recent_errors",
      { function_name: "api", last: "2h" },
    );
    equal(out.log_group, "/custom/api");
    equal(out.timeouts, 1);
    const sent = aws.calls.find((c) => c.method === "filterLogEvents")?.input as {
      logGroupName: string;
      filterPattern: string;
      startTime: number;
      endTime: number;
    };
    equal(sent.logGroupName, "/custom/api");
    equal(sent.filterPattern, ERROR_PATTERN);
    equal(sent.endTime - sent.startTime, 7_200_000);
    ok(out.requests.length === 1);
  } finally {
    await close();
  }
});

Deno.test("lambda_get_recent_errors answers no errors when the function has no log group yet", async () => {
  const aws = stubAws({
    lambda: { getFunctionConfiguration: () => ({ FunctionName: "fresh" }) },
    logs: {
      filterLogEvents: () =>
        Promise.reject(
          Object.assign(new Error("The specified log group does not exist"), {
            name: "ResourceNotFoundException",
          }),
        ),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [getRecentErrors] });
  try {
    const out = await callOk<{ requests: unknown[]; note?: string }>(
      client,
      "lambda_get_recent_errors",
      { function_name: "fresh" },
    );
    deepEqual(out.requests, []);
    equal(out.note, "log group /aws/lambda/fresh does not exist: the function has not logged yet");
  } finally {
    await close();
  }
});
