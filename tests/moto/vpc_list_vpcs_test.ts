import { deepEqual, equal, match, ok } from "node:assert/strict";
import { call, callOk, connectMoto, motoEc2, motoTest, tagSpecs, text } from "../_helpers.ts";

// moto's state is global: this file owns ap-south-2 and tags what it makes with its own run id,
// so a second run against the same moto sees only its own VPCs (and the region's default one).
const REGION = "ap-south-2";
const RUN = { run: crypto.randomUUID() };

interface Page {
  vpcs: { id: string; name?: string; cidr: string; is_default: boolean; extra_cidrs?: string[] }[];
  next_token?: string;
  region: string;
}

motoTest("vpc_list_vpcs lists, filters and pages VPCs", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const created: string[] = [];
  for (let n = 0; n < 6; n++) {
    const tags = { Name: `net-${n}`, env: n % 2 ? "prod" : "dev", ...RUN };
    const out = await ec2.createVpc({
      CidrBlock: `10.${n}.0.0/16`,
      TagSpecifications: tagSpecs("vpc", tags),
    });
    created.push(out.Vpc?.VpcId as string);
  }
  await ec2.associateVpcCidrBlock({ VpcId: created[0], CidrBlock: "10.100.0.0/16" });

  const { client, close } = await connectMoto(endpoint, REGION);
  const list = (args: Record<string, unknown>) => callOk<Page>(client, "vpc_list_vpcs", args);
  try {
    await t.step("the default VPC and the created ones are listed with their CIDRs", async () => {
      const page = await list({ max_results: 200 });
      equal(page.region, REGION);
      ok(created.every((id) => page.vpcs.some((v) => v.id === id)));
      equal(page.vpcs.filter((v) => v.is_default).length, 1);
      const first = page.vpcs.find((v) => v.id === created[0]);
      equal(first?.name, "net-0");
      equal(first?.cidr, "10.0.0.0/16");
      deepEqual(first?.extra_cidrs, ["10.100.0.0/16"]);
    });

    await t.step("is_default and tag filters narrow the list", async () => {
      const defaults = await list({ is_default: true });
      equal(defaults.vpcs.length, 1);
      equal(defaults.vpcs[0]?.cidr, "172.31.0.0/16");
      const prod = await list({ tags: { env: "prod", ...RUN } });
      deepEqual(new Set(prod.vpcs.map((v) => v.id)), new Set([created[1], created[3], created[5]]));
      const anyEnv = await list({ tags: { env: "*", ...RUN }, max_results: 200 });
      equal(anyEnv.vpcs.length, 6);
    });

    await t.step("pages of 4 cover the six exactly once", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await list({
          max_results: 4,
          tags: RUN,
          ...(token ? { next_token: token } : {}),
        });
        ok(page.vpcs.length <= 4);
        seen.push(...page.vpcs.map((v) => v.id));
        token = page.next_token;
      } while (token);
      equal(seen.length, 6);
      deepEqual(new Set(seen), new Set(created));
    });

    await t.step("a malformed vpc id is refused before any AWS call", async () => {
      const result = await call(client, "vpc_list_vpcs", { vpc_ids: ["vpc-nothex"] });
      equal(result.isError, true);
      match(text(result), /^InvalidInput: vpc_ids\.0: expected an id like vpc-/);
    });
  } finally {
    await close();
  }
});
