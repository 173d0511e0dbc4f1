import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { invoke } from "./invoke.ts";

const inventory = [invoke];
const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("lambda_invoke in a dry run asks Lambda for a DryRun invocation and runs nothing", async () => {
  const aws = stubAws({ lambda: { invoke: () => ({ StatusCode: 204 }) } });
  const { client, close } = await connect({ allowWrite: true }, { aws, inventory });
  try {
    const out = await callOk<{ dry_run: { would_succeed: boolean } }>(client, "lambda_invoke", {
      function_name: "api",
      payload: { a: 1 },
      dry_run: true,
    });
    equal(out.dry_run.would_succeed, true);
    deepEqual(aws.calls[0]?.input, {
      FunctionName: "api",
      InvocationType: "DryRun",
      Payload: bytes('{"a":1}'),
    });
  } finally {
    await close();
  }
});

Deno.test("lambda_invoke bounds the payload both ways and reveals secrets only when told", async () => {
  const big = "x".repeat(20_000);
  const aws = stubAws({
    lambda: {
      invoke: (input: { Payload?: Uint8Array }) =>
        input.Payload && new TextDecoder().decode(input.Payload).includes("big")
          ? { StatusCode: 200, Payload: bytes(JSON.stringify({ big })) }
          : { StatusCode: 200, Payload: bytes("plain password=abc"), ExecutedVersion: "3" },
    },
  });
  const masked = await connect({ allowWrite: true }, { aws, inventory });
  const revealed = await connect({ allowWrite: true, revealSecrets: true }, { aws, inventory });
  try {
    const tooBig = await call(masked.client, "lambda_invoke", {
      function_name: "api",
      payload: "y".repeat(300_000),
    });
    match(text(tooBig), /^InvalidInput: payload: 300002 bytes, over 262144/);
    equal(aws.calls.length, 0);
    const long = await callOk<{ payload: string; payload_truncated?: boolean }>(
      masked.client,
      "lambda_invoke",
      { function_name: "api", payload: "big" },
    );
    equal(long.payload_truncated, true);
    equal(long.payload.length, 16_000);
    const plain = await callOk<{ payload: string; executed_version: string }>(
      masked.client,
      "lambda_invoke",
      { function_name: "api", invocation: "sync" },
    );
    equal(plain.payload, "plain password=***MASKED***");
    equal(plain.executed_version, "3");
    const shown = await callOk<{ payload: string }>(revealed.client, "lambda_invoke", {
      function_name: "api",
    });
    equal(shown.payload, "plain password=abc");
    ok(aws.calls.every((c) => (c.input as { LogType?: string }).LogType === "Tail"));
  } finally {
    await masked.close();
    await revealed.close();
  }
});
