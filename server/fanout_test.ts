import { deepEqual, equal, match, ok } from "node:assert/strict";
import type { AwsProvider, AwsScope } from "../aws/clients.ts";
import { call, callOk, connect, text } from "../tests/_helpers.ts";

interface Vpc {
  VpcId: string;
  IsDefault: boolean;
}

/** An AWS where each region has its own VPCs, some regions fail, and calls can be slow. */
function regionalAws(vpcs: Record<string, Vpc[] | Error>, delayMs = 0) {
  let running = 0;
  const stats = { maxRunning: 0, calls: [] as string[] };
  const aws: AwsProvider = {
    profile: undefined,
    defaultRegion: () => Promise.resolve("us-east-1"),
    scope(region: string): AwsScope {
      const ec2 = {
        describeRegions: () =>
          Promise.resolve({ Regions: Object.keys(vpcs).map((RegionName) => ({ RegionName })) }),
        describeVpcs: async () => {
          stats.calls.push(region);
          running++;
          stats.maxRunning = Math.max(stats.maxRunning, running);
          await new Promise((r) => setTimeout(r, delayMs));
          running--;
          const answer = vpcs[region];
          if (answer instanceof Error) throw answer;
          return { Vpcs: answer ?? [] };
        },
      };
      return {
        region,
        client: () => Promise.resolve(ec2 as never),
        identity: () => Promise.resolve({ account: "123456789012", arn: "arn", userId: "u" }),
      };
    },
  };
  return { aws, stats };
}

const vpcs = (region: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ VpcId: `vpc-${region}-${i}`, IsDefault: i === 0 }));
const denied = Object.assign(new Error("You are not authorized to perform this operation."), {
  name: "UnauthorizedOperation",
  $fault: "client",
});

interface Page {
  region?: string;
  regions: { region: string; vpcs?: { id: string }[]; error?: string }[];
  next_token?: string;
}

/** The rows of a fan-out page as `region/id`. */
function rowsOf(page: Page): string[] {
  return page.regions.flatMap((g) => (g.vpcs ?? []).map((v) => `${g.region}/${v.id}`));
}

Deno.test("regions fans out concurrently, names each region once, reports failures in place and pages statelessly", async () => {
  const { aws, stats } = regionalAws({
    "eu-west-1": vpcs("eu-west-1", 3),
    "eu-west-2": denied,
    "eu-west-3": vpcs("eu-west-3", 3),
  }, 50);
  const { client, close } = await connect({}, { aws });
  try {
    const args = { regions: ["eu-west-1", "eu-west-2", "eu-west-3"], max_results: 4 };
    const result = await call(client, "vpc_list_vpcs", args);
    const first = result.structuredContent as unknown as Page;
    deepEqual(first.regions.map((g) => g.region), ["eu-west-1", "eu-west-2", "eu-west-3"]);
    deepEqual(rowsOf(first), [
      "eu-west-1/vpc-eu-west-1-0",
      "eu-west-1/vpc-eu-west-1-1",
      "eu-west-1/vpc-eu-west-1-2",
      "eu-west-3/vpc-eu-west-3-0",
    ]);
    match(
      first.regions[1]?.error ?? "",
      /^UnauthorizedOperation: .* — the caller needs IAM permission for ec2:DescribeVpcs in eu-west-2/,
    );
    // The region is written once per region, not per row nor in the envelope.
    equal(text(result).match(/eu-west-1"/g)?.length, 1, text(result));
    equal(first.region, undefined);
    ok(stats.maxRunning >= 3, "the regions were asked at the same time");
    ok(first.next_token);

    const second = await callOk<Page>(client, "vpc_list_vpcs", {
      ...args,
      next_token: first.next_token,
    });
    deepEqual(rowsOf(second), ["eu-west-3/vpc-eu-west-3-1", "eu-west-3/vpc-eu-west-3-2"]);
    equal(second.next_token, undefined);
    deepEqual(
      second.regions.map((g) => g.region),
      ["eu-west-3"],
      "a failed region is not asked again",
    );

    const other = await call(client, "vpc_list_vpcs", {
      ...args,
      regions: ["eu-west-1"],
      next_token: first.next_token,
    });
    match(text(other), /^InvalidInput: next_token: issued for different filters or regions/);
  } finally {
    await close();
  }
});

Deno.test("regions all means the enabled regions, within --regions; outside ones are refused", async () => {
  const { aws } = regionalAws({
    "eu-west-1": vpcs("eu-west-1", 1),
    "us-east-1": vpcs("us-east-1", 1),
    "ap-south-1": [],
  });
  const { client, close } = await connect({ regions: ["eu-west-1", "us-east-1"] }, { aws });
  try {
    const all = await callOk<Page>(client, "vpc_list_vpcs", { regions: ["all"] });
    deepEqual(all.regions.map((g) => g.region), ["eu-west-1", "us-east-1"]);
    equal(rowsOf(all).length, 2);
    const counted = await callOk<{ region?: string }>(client, "vpc_list_vpcs", {
      regions: ["all"],
      group_by: ["region"],
    });
    equal(counted.region, "all", "not the joined names");
    const refused = await call(client, "vpc_list_vpcs", { regions: ["ap-south-1"] });
    match(
      text(refused),
      /^RegionNotAllowed: regions ap-south-1 are outside this server's allowlist — use any of: eu-west-1, us-east-1/,
    );
    const both = await call(client, "vpc_list_vpcs", {
      regions: ["eu-west-1"],
      region: "eu-west-1",
    });
    match(text(both), /^InvalidInput: region and regions/);
  } finally {
    await close();
  }
});

Deno.test("eight slow regions cost about one region's latency", async () => {
  const regions = [
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
  ];
  const { aws } = regionalAws(Object.fromEntries(regions.map((r) => [r, vpcs(r, 1)])), 200);
  const { client, close } = await connect({}, { aws });
  try {
    const started = performance.now();
    const out = await callOk<Page>(client, "vpc_list_vpcs", { regions });
    const elapsed = performance.now() - started;
    equal(rowsOf(out).length, 8);
    ok(elapsed < 600, `8 regions of 200 ms took ${elapsed.toFixed(0)} ms`);
  } finally {
    await close();
  }
});
