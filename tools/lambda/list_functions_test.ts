import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listFunctions } from "./list_functions.ts";

const inventory = [listFunctions];
const fn = (name: string, runtime: string, extra = {}) => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  Runtime: runtime,
  Architectures: ["arm64"],
  MemorySize: 256,
  Timeout: 10,
  CodeSize: 1234,
  LastModified: "2025-01-01T00:00:00.000+0000",
  PackageType: "Zip",
  ...extra,
});

Deno.test("lambda_list_functions renders compact rows and flags deprecated runtimes", async () => {
  const aws = stubAws({
    lambda: { listFunctions: () => ({ Functions: [fn("api", "nodejs22.x"), fn("old", "go1.x")] }) },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const out = await callOk<{ functions: unknown[] }>(client, "lambda_list_functions", {});
    deepEqual(out.functions, [
      {
        name: "api",
        runtime: "nodejs22.x",
        architecture: "arm64",
        memory_mb: 256,
        timeout_s: 10,
        code_size: 1234,
        last_modified: "2025-01-01T00:00:00.000+0000",
        package_type: "Zip",
      },
      {
        name: "old",
        runtime: "go1.x",
        deprecated_runtime: true,
        architecture: "arm64",
        memory_mb: 256,
        timeout_s: 10,
        code_size: 1234,
        last_modified: "2025-01-01T00:00:00.000+0000",
        package_type: "Zip",
      },
    ]);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [["listFunctions", { MaxItems: 50 }]]);
  } finally {
    await close();
  }
});

Deno.test("lambda_list_functions filters by runtime, name and tags, following Marker", async () => {
  const aws = stubAws({
    lambda: {
      listFunctions: (input: { Marker?: string }) =>
        input.Marker ? { Functions: [fn("Orders-Worker", "python3.12")] } : {
          Functions: [fn("orders-api", "python3.12"), fn("users", "python3.12")],
          NextMarker: "m2",
        },
      listTags: (input: { Resource: string }) => ({
        Tags: input.Resource.endsWith("orders-api") ? { team: "web" } : { team: "batch" },
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const byName = await callOk<{ functions: { name: string }[] }>(
      client,
      "lambda_list_functions",
      { name_contains: "ORDERS", runtime: "python3.12" },
    );
    deepEqual(byName.functions.map((f) => f.name), ["orders-api", "Orders-Worker"]);
    const byTag = await callOk<{ functions: { name: string }[] }>(
      client,
      "lambda_list_functions",
      { name_contains: "orders", tags: { team: "*" } },
    );
    deepEqual(byTag.functions.map((f) => f.name), ["orders-api", "Orders-Worker"]);
    const web = await callOk<{ functions: { name: string }[] }>(
      client,
      "lambda_list_functions",
      { tags: { team: "web" } },
    );
    deepEqual(web.functions.map((f) => f.name), ["orders-api"]);
    const bad = await call(client, "lambda_list_functions", { max_results: 0 });
    match(text(bad), /^InvalidInput: max_results: /);
    equal(aws.calls.filter((c) => c.method === "listFunctions").length, 6);
  } finally {
    await close();
  }
});
