import { deepEqual, equal, match, ok } from "node:assert/strict";
import { listSubnets } from "../../tools/vpc/list_subnets.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file shares ap-southeast-1, so it filters on a VPC it creates
// and on its own run id tag, never on what else the region holds.
const REGION = "ap-southeast-1";
const RUN = crypto.randomUUID();

interface Row {
  id: string;
  name?: string;
  vpc_id?: string;
  cidr?: string;
  zone?: string;
  zone_id?: string;
  available_ips?: number;
  total_ips?: number;
  map_public_ip: boolean;
  default_for_az: boolean;
  state?: string;
}
interface Page {
  region: string;
  subnets: Row[];
  next_token?: string;
}

motoTest("vpc_list_subnets lists, filters and pages subnets", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const vpc = await ec2.createVpc({
    CidrBlock: "10.30.0.0/16",
    TagSpecifications: tagSpecs("vpc", { run: RUN }),
  });
  const vpcId = vpc.Vpc?.VpcId as string;
  // Zones by name: moto marks a subnet created by zone id default-for-AZ.
  const specs = [
    { name: "app-a", cidr: "10.30.0.0/24", zone: "ap-southeast-1a", tier: "app" },
    { name: "app-b", cidr: "10.30.1.0/24", zone: "ap-southeast-1b", tier: "app" },
    { name: "db-a", cidr: "10.30.2.0/28", zone: "ap-southeast-1a", tier: "db" },
    { name: "db-c", cidr: "10.30.3.0/28", zone: "ap-southeast-1c", tier: "db" },
    { name: "edge-c", cidr: "10.30.16.0/20", zone: "ap-southeast-1c", tier: "edge" },
  ];
  const ids: Record<string, string> = {};
  for (const s of specs) {
    const out = await ec2.createSubnet({
      VpcId: vpcId,
      CidrBlock: s.cidr,
      AvailabilityZone: s.zone,
      TagSpecifications: tagSpecs("subnet", { Name: s.name, tier: s.tier, run: RUN }),
    });
    ids[s.name] = out.Subnet?.SubnetId as string;
  }

  const { client, close } = await connectMoto(endpoint, REGION, {}, { inventory: [listSubnets] });
  const list = (args: Record<string, unknown>) => callOk<Page>(client, "vpc_list_subnets", args);
  const names = (page: Page) => page.subnets.map((s) => s.name).sort();
  try {
    await t.step("a VPC's subnets come back as compact rows with IP counts", async () => {
      const page = await list({ vpc_id: vpcId, max_results: 200 });
      equal(page.region, REGION);
      deepEqual(names(page), ["app-a", "app-b", "db-a", "db-c", "edge-c"]);
      deepEqual(page.subnets.find((s) => s.name === "db-a"), {
        id: ids["db-a"],
        name: "db-a",
        vpc_id: vpcId,
        cidr: "10.30.2.0/28",
        zone: "ap-southeast-1a",
        zone_id: "apse1-az1",
        available_ips: 11,
        total_ips: 11,
        map_public_ip: false,
        default_for_az: false,
        state: "available",
      });
      const edge = page.subnets.find((s) => s.name === "edge-c");
      equal(edge?.cidr, "10.30.16.0/20");
      equal(edge?.total_ips, 4091);
    });

    await t.step("zone by name or id, tags and default_for_az narrow the list", async () => {
      deepEqual(names(await list({ vpc_id: vpcId, zone: "ap-southeast-1a" })), ["app-a", "db-a"]);
      deepEqual(names(await list({ vpc_id: vpcId, zone: "apse1-az3" })), ["db-c", "edge-c"]);
      deepEqual(names(await list({ tags: { tier: "db", run: RUN } })), ["db-a", "db-c"]);
      deepEqual(names(await list({ tags: { tier: "*", run: RUN }, max_results: 200 })), [
        "app-a",
        "app-b",
        "db-a",
        "db-c",
        "edge-c",
      ]);
      equal((await list({ vpc_id: vpcId, default_for_az: true })).subnets.length, 0);
      equal((await list({ vpc_id: vpcId, default_for_az: false })).subnets.length, 5);
    });

    await t.step("subnet_ids look subnets up directly", async () => {
      const page = await list({ subnet_ids: [ids["app-b"], ids["db-c"]] });
      deepEqual(names(page), ["app-b", "db-c"]);
    });

    await t.step("pages of 2 cover the five exactly once", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await list({
          vpc_id: vpcId,
          max_results: 2,
          ...(token ? { next_token: token } : {}),
        });
        ok(page.subnets.length <= 2);
        seen.push(...page.subnets.map((s) => s.id));
        token = page.next_token;
        pages++;
      } while (token);
      equal(pages, 3);
      deepEqual(seen.sort(), Object.values(ids).sort());
    });

    await t.step("an unknown subnet id is listed in not_found", async () => {
      const out = await callOk<{ subnets: unknown[]; not_found?: string[] }>(
        client,
        "vpc_list_subnets",
        { subnet_ids: ["subnet-0000000000000dead"] },
      );
      deepEqual(out.subnets, []);
      deepEqual(out.not_found, ["subnet-0000000000000dead"]);
    });

    await t.step("a token is refused once the filters change", async () => {
      const first = await list({ vpc_id: vpcId, max_results: 2 });
      const result = await call(client, "vpc_list_subnets", {
        vpc_id: vpcId,
        zone: "ap-southeast-1a",
        max_results: 2,
        next_token: first.next_token,
      });
      match(text(result), /^InvalidInput: next_token: issued for different filters or region/);
    });
  } finally {
    await close();
  }
});
