import { deepEqual, equal, match } from "node:assert/strict";
import { createSecurityGroup } from "../../tools/ec2/create_security_group.ts";
import { deleteSecurityGroup } from "../../tools/ec2/delete_security_group.ts";
import { describeSecurityGroups } from "../../tools/ec2/describe_security_groups.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in sa-east-1 and names its groups after its run id.
const REGION = "sa-east-1";
const RUN = crypto.randomUUID();

interface Group {
  id: string;
  name: string;
  description?: string;
  vpc_id: string;
  inbound: string[];
  outbound: string[];
}

motoTest(
  "ec2_create_security_group creates in the default VPC; the read side sees it",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const defaultVpc = (await ec2.describeVpcs({
      Filters: [{ Name: "is-default", Values: ["true"] }],
    })).Vpcs?.[0]?.VpcId as string;
    const keysDir = await Deno.makeTempDir();
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowDestructive: true,
      waiveConfirmation: true,
      keysDir,
    }, { inventory: [createSecurityGroup, describeSecurityGroups, deleteSecurityGroup] });
    const mine = async () =>
      (await callOk<{ security_groups: Group[] }>(client, "ec2_describe_security_groups", {
        tags: { run: RUN },
      })).security_groups;
    try {
      await t.step("dry_run answers would-succeed and creates nothing", async () => {
        const out = await callOk(client, "ec2_create_security_group", {
          group_name: `dry-${RUN}`,
          description: "dry",
          tags: { run: RUN },
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(await mine(), []);
      });

      let id = "";
      await t.step("create returns the id in the default VPC", async () => {
        const out = await callOk(client, "ec2_create_security_group", {
          group_name: `web-${RUN}`,
          description: "web tier (test)",
          tags: { run: RUN },
        });
        id = String(out.group_id);
        match(id, /^sg-/);
        equal(out.vpc_id, defaultVpc);
        equal(out.group_name, `web-${RUN}`);
      });

      await t.step("the read side shows it empty inbound, all outbound", async () => {
        deepEqual(await mine(), [{
          id,
          name: `web-${RUN}`,
          description: "web tier (test)",
          vpc_id: defaultVpc,
          inbound: [],
          outbound: ["all to 0.0.0.0/0"],
        }]);
      });

      await t.step("the same name again fails as a duplicate", async () => {
        const dup = await call(client, "ec2_create_security_group", {
          group_name: `web-${RUN}`,
          description: "again",
        });
        match(text(dup), /^InvalidGroup\.Duplicate: /);
      });

      await t.step("delete removes it from the read side", async () => {
        const out = await callOk(client, "ec2_delete_security_group", { group_id: id });
        equal(out.deleted_group_id, id);
        deepEqual(await mine(), []);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
    }
  },
);
