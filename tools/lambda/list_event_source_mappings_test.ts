import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listEventSourceMappings } from "./list_event_source_mappings.ts";

const inventory = [listEventSourceMappings];

Deno.test("lambda_list_event_source_mappings sends both filters and renders rows", async () => {
  const aws = stubAws({
    lambda: {
      listEventSourceMappings: () => ({
        EventSourceMappings: [{
          UUID: "u-1",
          FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:worker",
          EventSourceArn: "arn:aws:sqs:us-east-1:123456789012:jobs",
          State: "Enabled",
          BatchSize: 10,
          MaximumBatchingWindowInSeconds: 0,
          LastProcessingResult: "OK",
          LastModified: new Date("2025-02-03T04:05:06Z"),
        }],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk<{ mappings: unknown[] }>(
      client,
      "lambda_list_event_source_mappings",
      { function_name: "worker", event_source_arn: "arn:aws:sqs:us-east-1:123456789012:jobs" },
    );
    deepEqual(out.mappings, [{
      uuid: "u-1",
      function: "worker",
      source: "arn:aws:sqs:us-east-1:123456789012:jobs",
      state: "Enabled",
      batch_size: 10,
      last_result: "OK",
      last_modified: "2025-02-03T04:05:06.000Z",
    }]);
    deepEqual(aws.calls[0]?.input, {
      FunctionName: "worker",
      EventSourceArn: "arn:aws:sqs:us-east-1:123456789012:jobs",
      MaxItems: 100,
    });
  } finally {
    await close();
  }
});

Deno.test("lambda_list_event_source_mappings needs a function or a source", async () => {
  const aws = stubAws({ lambda: {} });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    match(
      text(await call(client, "lambda_list_event_source_mappings", {})),
      /^InvalidInput: function_name: give function_name or event_source_arn/,
    );
    match(
      text(await call(client, "lambda_list_event_source_mappings", { event_source_arn: "x" })),
      /^InvalidInput: event_source_arn: expected an ARN/,
    );
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
