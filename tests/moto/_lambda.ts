import type { CloudWatchLogs } from "@aws-sdk/client-cloudwatch-logs";
import type { CreateFunctionRequest, Lambda } from "@aws-sdk/client-lambda";
import { useMotoCredentials } from "../_helpers.ts";

const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };

/** A bare SDK Lambda client on `endpoint` (moto, or a stand-in in front of it). */
export async function motoLambda(endpoint: string, region: string): Promise<Lambda> {
  useMotoCredentials();
  const { Lambda } = await import("@aws-sdk/client-lambda");
  return new Lambda({ region, endpoint, credentials });
}

/** A bare SDK CloudWatch Logs client on `endpoint`. */
export async function motoLogs(endpoint: string, region: string): Promise<CloudWatchLogs> {
  useMotoCredentials();
  const { CloudWatchLogs } = await import("@aws-sdk/client-cloudwatch-logs");
  return new CloudWatchLogs({ region, endpoint, credentials });
}

/** The role moto wants to exist before it creates a function (IAM is global in moto). */
export async function motoLambdaRole(endpoint: string): Promise<string> {
  // IAM's query protocol, unsigned: moto routes by the credential scope and does not verify.
  const body = new URLSearchParams({
    Action: "CreateRole",
    Version: "2010-05-08",
    RoleName: "aws-mcp-test-lambda",
    AssumeRolePolicyDocument: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
      }],
    }),
  });
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
    },
    body,
  });
  const text = await response.text();
  if (!response.ok && !text.includes("EntityAlreadyExists")) {
    throw new Error(`moto CreateRole failed: ${response.status} ${text.slice(0, 200)}`);
  }
  return "arn:aws:iam::123456789012:role/aws-mcp-test-lambda";
}

// An empty zip archive: moto stores the code without running it (no Docker).
const EMPTY_ZIP = new Uint8Array([80, 75, 5, 6, ...new Array(18).fill(0)]);

/** Creates a Python function in moto; returns its ARN. */
export async function motoFunction(
  lambda: Lambda,
  role: string,
  name: string,
  extra: Partial<CreateFunctionRequest> = {},
): Promise<string> {
  const out = await lambda.createFunction({
    FunctionName: name,
    Runtime: "python3.12",
    Role: role,
    Handler: "app.handler",
    Code: { ZipFile: EMPTY_ZIP },
    ...extra,
  });
  return out.FunctionArn as string;
}

/** Writes `[secondsAgo, message]` events into a new stream of `group` (created if needed). */
export async function motoLogEvents(
  logs: CloudWatchLogs,
  group: string,
  events: [number, string][],
): Promise<void> {
  await logs.createLogGroup({ logGroupName: group }).catch((err) => {
    if ((err as Error).name !== "ResourceAlreadyExistsException") throw err;
  });
  const stream = crypto.randomUUID();
  await logs.createLogStream({ logGroupName: group, logStreamName: stream });
  const now = Date.now();
  await logs.putLogEvents({
    logGroupName: group,
    logStreamName: stream,
    logEvents: events.map(([ago, message]) => ({ timestamp: now - ago * 1000, message }))
      .sort((a, b) => a.timestamp - b.timestamp),
  });
}

/** Creates an SQS queue in moto (JSON protocol, unsigned); returns its ARN. */
export async function motoQueue(endpoint: string, region: string, name: string): Promise<string> {
  const response = await fetch(`${endpoint}/`, {
    method: "POST",
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "x-amz-target": "AmazonSQS.CreateQueue",
      authorization:
        `AWS4-HMAC-SHA256 Credential=testing/20250101/${region}/sqs/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify({ QueueName: name }),
  });
  if (!response.ok) throw new Error(`moto CreateQueue failed: ${await response.text()}`);
  return `arn:aws:sqs:${region}:123456789012:${name}`;
}
