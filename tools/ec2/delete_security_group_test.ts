import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { ElicitRequestSchema } from "../../tests/_mcp.ts";
import { deleteSecurityGroup } from "./delete_security_group.ts";

const SG = "sg-0123456789abcdef0";
const GROUP = { GroupId: SG, GroupName: "web", VpcId: "vpc-0123456789abcdef0" };

function sgAws(enis: unknown[] = []) {
  return stubAws({
    ec2: {
      describeSecurityGroups: () => ({ SecurityGroups: [GROUP] }),
      describeNetworkInterfaces: () => ({ NetworkInterfaces: enis }),
      deleteSecurityGroup: () => ({ Return: true }),
    },
  });
}

Deno.test("ec2_delete_security_group asks naming the group and VPC, then deletes it", async () => {
  const aws = sgAws();
  const asked: string[] = [];
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteSecurityGroup],
  }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const out = await callOk(client, "ec2_delete_security_group", { group_id: SG });
    deepEqual(asked, [
      `Delete security group ${SG} ("web", vpc-0123456789abcdef0) in us-east-1. This cannot be undone.`,
    ]);
    deepEqual(out, {
      account: "123456789012",
      region: "us-east-1",
      confirmation: "accepted",
      deleted_group_id: SG,
      group_name: "web",
      vpc_id: "vpc-0123456789abcdef0",
    });
    const last = aws.calls.at(-1);
    deepEqual([last?.method, last?.input], ["deleteSecurityGroup", { GroupId: SG, DryRun: false }]);
    deepEqual(
      aws.calls.find((c) => c.method === "describeNetworkInterfaces")?.input,
      { Filters: [{ Name: "group-id", Values: [SG] }] },
    );
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_security_group refuses a group in use, listing five attachments, before asking", async () => {
  const enis = Array.from({ length: 7 }, (_, i) => ({
    NetworkInterfaceId: `eni-000000000000000${i}`,
    ...(i === 0 ? { Description: "ELB app/web" } : { Attachment: { InstanceId: `i-0${i}` } }),
  }));
  const aws = sgAws(enis);
  let asked = 0;
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteSecurityGroup],
  }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, () => {
    asked++;
    return { action: "accept", content: { confirm: true } };
  });
  try {
    const refused = await call(client, "ec2_delete_security_group", { group_id: SG });
    equal(refused.isError, true);
    equal(
      text(refused),
      `DependencyViolation: security group ${SG} is in use by 7 network interface(s): eni-0000000000000000 (ELB app/web), eni-0000000000000001 (i-01), eni-0000000000000002 (i-02), eni-0000000000000003 (i-03), eni-0000000000000004 (i-04), … — move those interfaces or instances to another group, or delete them, then retry`,
    );
    equal(asked, 0);
    equal(aws.calls.some((c) => c.method === "deleteSecurityGroup"), false);
  } finally {
    await close();
  }
});

Deno.test("ec2_delete_security_group dry run passes DryRun and a bad id is named", async () => {
  const aws = sgAws();
  const { client, close } = await connect({ allowDestructive: true }, {
    aws,
    inventory: [deleteSecurityGroup],
  });
  try {
    await callOk(client, "ec2_delete_security_group", { group_id: SG, dry_run: true });
    deepEqual(aws.calls.at(-1)?.input, { GroupId: SG, DryRun: true });
    const bad = await call(client, "ec2_delete_security_group", { group_id: "web" });
    match(text(bad), /^InvalidInput: group_id: expected an id like sg-0123456789abcdef0/);
  } finally {
    await close();
  }
});
