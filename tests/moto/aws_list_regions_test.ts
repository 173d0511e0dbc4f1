import { deepEqual, equal, ok } from "node:assert/strict";
import { listRegions } from "../../tools/aws/list_regions.ts";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// Regions are fixed data in moto: nothing here depends on what other tests create.
const REGION = "eu-west-2";

interface Row {
  name: string;
  endpoint?: string;
  opt_in_status?: string;
  enabled: boolean;
}
interface Page {
  region: string;
  regions: Row[];
  next_token?: string;
}

motoTest("aws_list_regions lists every region with its opt-in status", async (endpoint, t) => {
  const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [listRegions] });
  const list = (args: Record<string, unknown>) => callOk<Page>(client, "aws_list_regions", args);
  try {
    const all = await list({ max_results: 200 });
    await t.step("one page of 200 holds them all, sorted by name", () => {
      equal(all.region, REGION);
      equal(all.next_token, undefined);
      const names = all.regions.map((r) => r.name);
      deepEqual(names, [...names].sort());
      ok(names.length >= 30, `${names.length} regions`);
      deepEqual(all.regions.find((r) => r.name === "eu-west-2"), {
        name: "eu-west-2",
        endpoint: "ec2.eu-west-2.amazonaws.com",
        opt_in_status: "opt-in-not-required",
        enabled: true,
      });
      // moto treats every opt-in region as not opted in.
      deepEqual(all.regions.find((r) => r.name === "ap-east-1"), {
        name: "ap-east-1",
        endpoint: "ec2.ap-east-1.amazonaws.com",
        opt_in_status: "not-opted-in",
        enabled: false,
      });
    });

    await t.step("pages of 10 return the same regions exactly once", async () => {
      const seen: Row[] = [];
      let token: string | undefined;
      do {
        const page = await list({ max_results: 10, ...(token ? { next_token: token } : {}) });
        ok(page.regions.length <= 10);
        seen.push(...page.regions);
        token = page.next_token;
      } while (token);
      deepEqual(seen, all.regions);
    });
  } finally {
    await close();
  }
});
