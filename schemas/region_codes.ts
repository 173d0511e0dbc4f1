/**
 * Region codes and the one check of them, without zod: the flags, AWS_REGION and the profile are
 * checked at start with these, and zod's schemas (schemas/region.ts) load with the first call.
 */
import { clip } from "../aws/errors.ts";

/** AWS regions the server accepts, commercial, China and GovCloud partitions. */
export const KNOWN_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "cn-north-1",
  "cn-northwest-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-gov-east-1",
  "us-gov-west-1",
  "us-west-1",
  "us-west-2",
];

const known = new Set(KNOWN_REGIONS);

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * Why a region code is not accepted, or undefined when it is: the one region check behind
 * `--region`, `--regions`, `AWS_REGION`, the profile's region and every tool's region field.
 */
export function regionProblem(value: string): string | undefined {
  if (known.has(value)) return undefined;
  // A region code is short: a long value is no typo, and is never echoed whole.
  if (value.length > 40) {
    return `unknown region ${JSON.stringify(clip(value))}; expected a code such as us-east-1`;
  }
  const [best] = [...KNOWN_REGIONS]
    .map((r) => ({ r, d: distance(value.toLowerCase(), r) }))
    .sort((a, b) => a.d - b.d);
  // A typo is a few edits away; anything further is not worth guessing at.
  const guess = best && best.d <= 3
    ? `did you mean ${best.r}?`
    : "expected a code such as us-east-1";
  return `unknown region ${JSON.stringify(value)}; ${guess}`;
}
