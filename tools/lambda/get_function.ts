import type { FunctionConfiguration, Lambda } from "@aws-sdk/client-lambda";
import { z } from "zod";
import { collectPages } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { defineTool } from "../tool.ts";
import { bareName, functionName, isNotFound, runtimeDeprecated } from "./_lambda.ts";

/** How many aliases, versions and mappings a result names; the rest are counted. */
const LATEST = 5;
const MASKED = "***MASKED***";

const counted = z.object({ count: z.int(), latest: z.array(z.string()) });

const output = z.object({
  name: z.string(),
  arn: z.string().optional(),
  description: z.string().optional(),
  runtime: z.string().optional(),
  deprecated_runtime: z.literal(true).optional(),
  handler: z.string().optional(),
  architecture: z.string().optional(),
  package_type: z.string().optional(),
  image_uri: z.string().optional(),
  memory_mb: z.int().optional(),
  timeout_s: z.int().optional(),
  ephemeral_storage_mb: z.int().optional(),
  code_size: z.int().optional(),
  last_modified: z.string().optional(),
  state: z.string().optional(),
  state_reason: z.string().optional(),
  last_update_status: z.string().optional(),
  role: z.string().optional(),
  environment: z.record(z.string(), z.string()).optional(),
  layers: z.array(z.string()).optional(),
  vpc: z.object({
    vpc_id: z.string().optional(),
    subnets: z.array(z.string()).optional(),
    security_groups: z.array(z.string()).optional(),
  }).optional(),
  kms_key: z.string().optional(),
  tracing: z.string().optional(),
  dead_letter_target: z.string().optional(),
  destinations: z.object({ on_success: z.string().optional(), on_failure: z.string().optional() })
    .optional(),
  reserved_concurrency: z.int().optional(),
  provisioned_concurrency: z.array(z.object({
    qualifier: z.string(),
    requested: z.int().optional(),
    allocated: z.int().optional(),
    status: z.string().optional(),
  })).optional(),
  aliases: counted.optional(),
  versions: counted.optional(),
  function_url: z.object({ url: z.string(), auth_type: z.string(), public: z.boolean() })
    .optional(),
  event_source_mappings: z.object({
    count: z.int(),
    latest: z.array(z.object({ uuid: z.string(), source: z.string(), state: z.string() })),
  }).optional(),
  may_invoke: z.array(z.object({
    principal: z.string(),
    action: z.string(),
    source: z.string().optional(),
  })).optional(),
  tags: z.record(z.string(), z.string()).optional(),
  unavailable: z.array(z.string()).optional(),
});

interface Statement {
  Effect?: string;
  Principal?: string | Record<string, string | string[]>;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

/** Who may invoke, from a resource policy: principal, action, and the source it is tied to. */
export function invokers(policy: string | undefined) {
  if (!policy) return undefined;
  const statements = (JSON.parse(policy) as { Statement?: Statement[] }).Statement ?? [];
  const rows = statements.filter((s) => s.Effect === "Allow").flatMap((s) => {
    const actions = [s.Action ?? []].flat().filter((a) => /^lambda:(Invoke|\*)/.test(a));
    const principals = typeof s.Principal === "string"
      ? [s.Principal]
      : Object.values(s.Principal ?? {}).flat();
    const conditions = Object.values(s.Condition ?? {}).flatMap((c) => Object.entries(c));
    const source = conditions.filter(([k]) => /^aws:Source(Arn|Account)$/i.test(k))
      .flatMap(([, v]) => [v].flat()).join(", ");
    return actions.flatMap((action) =>
      principals.map((principal) => compact({ principal, action, source }))
    );
  });
  return rows.length ? rows : undefined;
}

function configuration(c: FunctionConfiguration, reveal: boolean, now: Date) {
  const env = c.Environment?.Variables;
  return {
    arn: c.FunctionArn,
    description: c.Description,
    runtime: c.Runtime,
    deprecated_runtime: runtimeDeprecated(c.Runtime, now) ? true as const : undefined,
    handler: c.Handler,
    architecture: c.Architectures?.[0],
    package_type: c.PackageType,
    memory_mb: c.MemorySize,
    timeout_s: c.Timeout,
    ephemeral_storage_mb: c.EphemeralStorage?.Size,
    code_size: c.CodeSize,
    last_modified: c.LastModified,
    state: c.State,
    state_reason: c.StateReason,
    last_update_status: c.LastUpdateStatus,
    role: c.Role,
    environment: env && Object.keys(env).length
      ? Object.fromEntries(Object.entries(env).map(([k, v]) => [k, reveal ? v : MASKED]))
      : undefined,
    layers: c.Layers?.length ? c.Layers.map((l) => l.Arn ?? "") : undefined,
    vpc: c.VpcConfig?.SubnetIds?.length
      ? {
        vpc_id: c.VpcConfig.VpcId,
        subnets: c.VpcConfig.SubnetIds,
        security_groups: c.VpcConfig.SecurityGroupIds,
      }
      : undefined,
    kms_key: c.KMSKeyArn,
    tracing: c.TracingConfig?.Mode === "Active" ? "Active" : undefined,
    dead_letter_target: c.DeadLetterConfig?.TargetArn,
  };
}

/** Names, newest first (by version number, then as listed), counted. */
function latest(names: string[]) {
  const sorted = [...names].sort((a, b) => (Number(b) || 0) - (Number(a) || 0));
  return { count: names.length, latest: sorted.slice(0, LATEST) };
}

async function sections(lambda: Lambda, name: string, unavailable: string[]) {
  // Each part is its own call: a missing permission or an API the endpoint lacks costs that
  // part only, and the result says which parts it could not read.
  const part = async <T>(label: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      if (isNotFound(err)) return undefined;
      const e = err as { name?: string };
      unavailable.push(`${label}: ${e.name ?? "Error"}`);
      return undefined;
    }
  };
  const [aliases, versions, url, provisioned, invokeConfig, mappings, policy] = await Promise.all([
    part("aliases", () =>
      collectPages(async (t) => {
        const o = await lambda.listAliases({ FunctionName: name, ...(t ? { Marker: t } : {}) });
        return { items: o.Aliases ?? [], nextToken: o.NextMarker };
      }, 5)),
    part("versions", () =>
      collectPages(async (t) => {
        const o = await lambda.listVersionsByFunction({
          FunctionName: name,
          ...(t ? { Marker: t } : {}),
        });
        return { items: o.Versions ?? [], nextToken: o.NextMarker };
      }, 5)),
    part("function_url", () => lambda.getFunctionUrlConfig({ FunctionName: name })),
    part(
      "provisioned_concurrency",
      () => lambda.listProvisionedConcurrencyConfigs({ FunctionName: name }),
    ),
    part("destinations", () => lambda.getFunctionEventInvokeConfig({ FunctionName: name })),
    part("event_source_mappings", () => lambda.listEventSourceMappings({ FunctionName: name })),
    part("may_invoke", () => lambda.getPolicy({ FunctionName: name })),
  ]);
  const versionNames = (versions?.items ?? []).map((v) => v.Version ?? "")
    .filter((v) => v !== "$LATEST");
  const onSuccess = invokeConfig?.DestinationConfig?.OnSuccess?.Destination;
  const onFailure = invokeConfig?.DestinationConfig?.OnFailure?.Destination;
  const esm = mappings?.EventSourceMappings ?? [];
  return {
    aliases: aliases && latest(aliases.items.map((a) => a.Name ?? "")),
    versions: versions && latest(versionNames),
    function_url: url?.FunctionUrl
      ? { url: url.FunctionUrl, auth_type: url.AuthType ?? "", public: url.AuthType === "NONE" }
      : undefined,
    provisioned_concurrency: provisioned?.ProvisionedConcurrencyConfigs?.length
      ? provisioned.ProvisionedConcurrencyConfigs.map((p) =>
        compact({
          qualifier: p.FunctionArn?.split(":").pop() ?? "",
          requested: p.RequestedProvisionedConcurrentExecutions,
          allocated: p.AllocatedProvisionedConcurrentExecutions,
          status: p.Status,
        })
      )
      : undefined,
    destinations: onSuccess || onFailure
      ? compact({ on_success: onSuccess, on_failure: onFailure })
      : undefined,
    event_source_mappings: esm.length
      ? {
        count: esm.length,
        latest: esm.slice(0, LATEST).map((m) => ({
          uuid: m.UUID ?? "",
          source: m.EventSourceArn ?? "",
          state: m.State ?? "",
        })),
      }
      : undefined,
    may_invoke: invokers(policy?.Policy),
  };
}

/** `lambda_get_function`: one function in full, from its configuration and related settings. */
export const getFunction = defineTool({
  name: "lambda_get_function",
  toolset: "lambda",
  title: "Get a Lambda function",
  description:
    "One function in full: configuration, environment variable names (values masked), layers, VPC, role, reserved and provisioned concurrency, aliases, versions, function URL (public when auth NONE), destinations, event source mappings, who may invoke, tags.",
  access: "read",
  idempotent: true,
  iam: [
    "lambda:GetFunction",
    "lambda:ListAliases",
    "lambda:ListVersionsByFunction",
    "lambda:GetFunctionUrlConfig",
    "lambda:ListProvisionedConcurrencyConfigs",
    "lambda:GetFunctionEventInvokeConfig",
    "lambda:ListEventSourceMappings",
    "lambda:GetPolicy",
  ],
  input: z.object({ function_name: functionName }),
  output,
  async handler(args, ctx) {
    const lambda = await ctx.aws.client("lambda");
    const fn = await lambda.getFunction({ FunctionName: args.function_name });
    const c = fn.Configuration ?? {};
    const name = c.FunctionName ?? bareName(args.function_name);
    const unavailable: string[] = [];
    const more = await sections(lambda, name, unavailable);
    return compact({
      name,
      ...configuration(c, ctx.revealSecrets, new Date()),
      image_uri: fn.Code?.ImageUri,
      reserved_concurrency: fn.Concurrency?.ReservedConcurrentExecutions,
      ...more,
      tags: fn.Tags && Object.keys(fn.Tags).length ? fn.Tags : undefined,
      unavailable: unavailable.length ? unavailable : undefined,
    });
  },
});
