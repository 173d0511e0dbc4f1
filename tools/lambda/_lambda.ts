import type { Lambda } from "@aws-sdk/client-lambda";
import { z } from "zod";
import type { TagLookup } from "../../aws/guards.ts";

/** A function name, ARN or partial ARN (`123456789012:function:name`), as Lambda accepts it. */
export const functionName = z.string().min(1).max(170).regex(
  /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?[\w-]{1,64}$/,
  "expected a function name like my-function, or its ARN without a qualifier",
).describe("Name or ARN");

/** The bare name of a function given by name or ARN. */
export function bareName(nameOrArn: string): string {
  return nameOrArn.split(":").pop() as string;
}

/**
 * Runtimes and the date AWS deprecated them (Lambda's runtimes page): after it, functions cannot
 * be created or updated on that runtime and it gets no security patches.
 */
const DEPRECATED: Record<string, string> = {
  "nodejs": "2016-10-31",
  "nodejs4.3": "2020-03-05",
  "nodejs6.10": "2019-08-12",
  "nodejs8.10": "2020-03-06",
  "nodejs10.x": "2021-07-30",
  "nodejs12.x": "2023-03-31",
  "nodejs14.x": "2023-12-04",
  "nodejs16.x": "2024-06-12",
  "nodejs18.x": "2025-09-01",
  "python2.7": "2021-07-15",
  "python3.6": "2022-07-18",
  "python3.7": "2023-12-04",
  "python3.8": "2024-10-14",
  "python3.9": "2025-12-15",
  "java8": "2024-01-08",
  "dotnetcore1.0": "2019-07-30",
  "dotnetcore2.0": "2019-05-30",
  "dotnetcore2.1": "2022-01-05",
  "dotnetcore3.1": "2023-04-03",
  "dotnet5.0": "2022-05-10",
  "dotnet6": "2024-12-20",
  "dotnet7": "2024-05-14",
  "go1.x": "2024-01-08",
  "ruby2.5": "2021-07-30",
  "ruby2.7": "2023-12-07",
  "ruby3.2": "2026-03-31",
  "provided": "2024-01-08",
};

/** Whether `runtime` is past its deprecation date on `now`. */
export function runtimeDeprecated(runtime: string | undefined, now: Date): boolean {
  const date = runtime ? DEPRECATED[runtime] : undefined;
  return date !== undefined && Date.parse(date) <= now.getTime();
}

/**
 * `--require-tag` over Lambda's ListTags, which wants the ARN: the function's configuration
 * gives it (and says the function exists).
 */
export function lambdaTagLookup(lambda: Lambda): TagLookup {
  return async (ids) => {
    const tags = new Map<string, Record<string, string>>();
    for (const id of ids) {
      const config = await lambda.getFunctionConfiguration({ FunctionName: id });
      const out = await lambda.listTags({ Resource: config.FunctionArn ?? id });
      tags.set(id, out.Tags ?? {});
    }
    return tags;
  };
}

/** Whether an SDK error says the thing does not exist (so a section is simply absent). */
export function isNotFound(err: unknown): boolean {
  return (err as { name?: string })?.name === "ResourceNotFoundException";
}
