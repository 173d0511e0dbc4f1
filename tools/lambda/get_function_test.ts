import { deepEqual, equal, ok } from "node:assert/strict";
import { call, connect, stubAws, text } from "../../tests/_helpers.ts";
import { getFunction, invokers } from "./get_function.ts";

const inventory = [getFunction];
const denied = () =>
  Promise.reject(Object.assign(new Error("no"), { name: "AccessDeniedException" }));
const notFound = () =>
  Promise.reject(Object.assign(new Error("none"), { name: "ResourceNotFoundException" }));

Deno.test("lambda_get_function masks environment values and says which parts it could not read", async () => {
  const aws = stubAws({
    lambda: {
      getFunction: () => ({
        Configuration: {
          FunctionName: "api",
          Runtime: "python3.12",
          Environment: { Variables: { DB_PASSWORD: "hunter2", STAGE: "prod" } },
          VpcConfig: { VpcId: "vpc-1", SubnetIds: ["subnet-1"], SecurityGroupIds: ["sg-1"] },
          Layers: [{ Arn: "arn:aws:lambda:us-east-1:123456789012:layer:deps:3" }],
          DeadLetterConfig: { TargetArn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
        },
        Concurrency: { ReservedConcurrentExecutions: 0 },
      }),
      listAliases: denied,
      listVersionsByFunction: () => ({
        Versions: [{ Version: "$LATEST" }, { Version: "1" }, { Version: "12" }, { Version: "2" }],
      }),
      getFunctionUrlConfig: () => ({ FunctionUrl: "https://x.lambda-url", AuthType: "AWS_IAM" }),
      listProvisionedConcurrencyConfigs: () => ({ ProvisionedConcurrencyConfigs: [] }),
      getFunctionEventInvokeConfig: () => ({
        DestinationConfig: { OnFailure: { Destination: "arn:aws:sqs:us-east-1:1:failed" } },
      }),
      listEventSourceMappings: () => ({}),
      getPolicy: notFound,
    },
  });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const result = await call(client, "lambda_get_function", { function_name: "api" });
    ok(!text(result).includes("hunter2"));
    const out = result.structuredContent as Record<string, unknown>;
    deepEqual(out.environment, { DB_PASSWORD: "***MASKED***", STAGE: "***MASKED***" });
    equal(out.reserved_concurrency, 0);
    deepEqual(out.versions, { count: 3, latest: ["12", "2", "1"] });
    deepEqual(out.function_url, {
      url: "https://x.lambda-url",
      auth_type: "AWS_IAM",
      public: false,
    });
    deepEqual(out.destinations, { on_failure: "arn:aws:sqs:us-east-1:1:failed" });
    deepEqual(out.vpc, { vpc_id: "vpc-1", subnets: ["subnet-1"], security_groups: ["sg-1"] });
    deepEqual(out.layers, ["arn:aws:lambda:us-east-1:123456789012:layer:deps:3"]);
    equal(out.dead_letter_target, "arn:aws:sqs:us-east-1:123456789012:dlq");
    deepEqual(out.unavailable, ["aliases: AccessDeniedException"]);
    equal(out.may_invoke, undefined);
  } finally {
    await close();
  }
});

Deno.test("invokers summarises a resource policy as who may invoke, and from where", () => {
  const policy = JSON.stringify({
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "apigateway.amazonaws.com" },
        Action: "lambda:InvokeFunction",
        Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:execute-api:us-east-1:1:abc/*" } },
      },
      { Effect: "Allow", Principal: "*", Action: "lambda:InvokeFunctionUrl" },
      { Effect: "Allow", Principal: { AWS: "arn:aws:iam::2:root" }, Action: "lambda:GetFunction" },
      { Effect: "Deny", Principal: "*", Action: "lambda:InvokeFunction" },
    ],
  });
  deepEqual(invokers(policy), [
    {
      principal: "apigateway.amazonaws.com",
      action: "lambda:InvokeFunction",
      source: "arn:aws:execute-api:us-east-1:1:abc/*",
    },
    { principal: "*", action: "lambda:InvokeFunctionUrl" },
  ]);
  equal(invokers(undefined), undefined);
});

Deno.test("lambda_get_function refuses a malformed name before calling AWS", async () => {
  const aws = stubAws({ lambda: {} });
  const { client, close } = await connect({}, { aws, inventory });
  try {
    const result = await call(client, "lambda_get_function", { function_name: "bad name!" });
    ok(text(result).startsWith("InvalidInput: function_name: expected a function name"));
    equal(aws.calls.length, 0);
  } finally {
    await close();
  }
});
