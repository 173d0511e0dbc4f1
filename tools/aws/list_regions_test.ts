import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listRegions } from "./list_regions.ts";

const regions = [
  {
    RegionName: "us-east-1",
    Endpoint: "ec2.us-east-1.amazonaws.com",
    OptInStatus: "opt-in-not-required",
  },
  { RegionName: "af-south-1", Endpoint: "ec2.af-south-1.amazonaws.com", OptInStatus: "opted-in" },
  { RegionName: "ap-east-1", Endpoint: "ec2.ap-east-1.amazonaws.com", OptInStatus: "not-opted-in" },
];

Deno.test("aws_list_regions asks for all regions and says which are enabled", async () => {
  const aws = stubAws({ ec2: { describeRegions: () => ({ Regions: regions }) } });
  const { client, close } = await connect({}, { aws, inventory: [listRegions] });
  try {
    const out = await callOk(client, "aws_list_regions", { region: "eu-west-1" });
    deepEqual(out.regions, [
      {
        name: "af-south-1",
        endpoint: "ec2.af-south-1.amazonaws.com",
        opt_in_status: "opted-in",
        enabled: true,
      },
      {
        name: "ap-east-1",
        endpoint: "ec2.ap-east-1.amazonaws.com",
        opt_in_status: "not-opted-in",
        enabled: false,
      },
      {
        name: "us-east-1",
        endpoint: "ec2.us-east-1.amazonaws.com",
        opt_in_status: "opt-in-not-required",
        enabled: true,
      },
    ]);
    equal(out.region, "eu-west-1");
    deepEqual(aws.calls[0]?.input, { AllRegions: true });
  } finally {
    await close();
  }
});

Deno.test("aws_list_regions pages by name", async () => {
  const aws = stubAws({ ec2: { describeRegions: () => ({ Regions: regions }) } });
  const { client, close } = await connect({}, { aws, inventory: [listRegions] });
  try {
    type Page = { regions: { name: string }[]; next_token?: string };
    const first = await callOk<Page>(client, "aws_list_regions", { max_results: 2 });
    deepEqual(first.regions.map((r) => r.name), ["af-south-1", "ap-east-1"]);
    const second = await callOk<Page>(client, "aws_list_regions", {
      max_results: 2,
      next_token: first.next_token,
    });
    deepEqual(second.regions.map((r) => r.name), ["us-east-1"]);
    equal(second.next_token, undefined);
  } finally {
    await close();
  }
});

Deno.test("aws_list_regions names a bad page size", async () => {
  const { client, close } = await connect({}, { aws: stubAws({}), inventory: [listRegions] });
  try {
    const bad = await call(client, "aws_list_regions", { max_results: 0 });
    equal(bad.isError, true);
    match(text(bad), /max_results: Too small/);
  } finally {
    await close();
  }
});
