import { deepEqual, equal, match } from "node:assert/strict";
import { deleteSecurityGroup } from "../../tools/ec2/delete_security_group.ts";
import { describeSecurityGroups } from "../../tools/ec2/describe_security_groups.ts";
import { call, callOk, connectMotoAsking, motoEc2, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in me-south-1 and names its groups after its run id.
const REGION = "me-south-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_delete_security_group refuses a group in use and asks before deleting",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const vpc = (await ec2.describeVpcs({ Filters: [{ Name: "is-default", Values: ["true"] }] }))
      .Vpcs?.[0]?.VpcId as string;
    const subnet = (await ec2.describeSubnets({ Filters: [{ Name: "vpc-id", Values: [vpc] }] }))
      .Subnets?.[0]?.SubnetId as string;
    const group = (await ec2.createSecurityGroup({
      GroupName: `del-${RUN}`,
      Description: "del",
      VpcId: vpc,
    })).GroupId as string;
    const eni = (await ec2.createNetworkInterface({
      SubnetId: subnet,
      Groups: [group],
      Description: `eni-${RUN}`,
    })).NetworkInterface?.NetworkInterfaceId as string;

    const keysDir = await Deno.makeTempDir();
    let answer: "accept" | "decline" = "accept";
    const { client, close, asked } = await connectMotoAsking(
      endpoint,
      REGION,
      { allowDestructive: true, keysDir },
      { inventory: [deleteSecurityGroup, describeSecurityGroups] },
      () => answer,
    );
    const exists = async () =>
      (await callOk<{ security_groups: unknown[] }>(client, "ec2_describe_security_groups", {
        group_names: [`del-${RUN}`],
      })).security_groups.length === 1;
    try {
      await t.step("in use by an interface: refused naming it, without asking", async () => {
        // moto itself would delete a group in use; the tool's own check is what refuses.
        const refused = await call(client, "ec2_delete_security_group", { group_id: group });
        equal(
          text(refused).split(" — ")[0],
          `DependencyViolation: security group ${group} is in use by 1 network interface(s): ${eni} (eni-${RUN})`,
        );
        deepEqual(asked, []);
        equal(await exists(), true);
      });

      await ec2.deleteNetworkInterface({ NetworkInterfaceId: eni });

      await t.step("dry_run deletes nothing", async () => {
        const out = await callOk(client, "ec2_delete_security_group", {
          group_id: group,
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        equal(await exists(), true);
      });

      await t.step("declined: nothing deleted", async () => {
        answer = "decline";
        const out = await callOk(client, "ec2_delete_security_group", { group_id: group });
        equal(out.confirmation, "declined");
        deepEqual(asked, [
          `Delete security group ${group} ("del-${RUN}", ${vpc}) in ${REGION}. This cannot be undone.`,
        ]);
        equal(await exists(), true);
      });

      await t.step("accepted: the read side no longer has it", async () => {
        answer = "accept";
        const out = await callOk(client, "ec2_delete_security_group", { group_id: group });
        equal(out.confirmation, "accepted");
        equal(out.deleted_group_id, group);
        equal(await exists(), false);
        const again = await call(client, "ec2_delete_security_group", { group_id: group });
        match(text(again), /^InvalidGroup\.NotFound: /);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
      await ec2.deleteNetworkInterface({ NetworkInterfaceId: eni }).catch(() => {});
      await ec2.deleteSecurityGroup({ GroupId: group }).catch(() => {});
    }
  },
);
