import { deepEqual, equal, match } from "node:assert/strict";
import { authorizeSecurityGroupIngress } from "../../tools/ec2/authorize_security_group_ingress.ts";
import { describeSecurityGroups } from "../../tools/ec2/describe_security_groups.ts";
import { revokeSecurityGroupIngress } from "../../tools/ec2/revoke_security_group_ingress.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in sa-east-1 and names its groups after its run id.
const REGION = "sa-east-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_revoke_security_group_ingress removes exactly the rules named",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const group = (await ec2.createSecurityGroup({ GroupName: `rv-${RUN}`, Description: "rv" }))
      .GroupId as string;
    const keysDir = await Deno.makeTempDir();
    const { client, close } = await connectMoto(endpoint, REGION, { allowWrite: true, keysDir }, {
      inventory: [
        authorizeSecurityGroupIngress,
        revokeSecurityGroupIngress,
        describeSecurityGroups,
      ],
    });
    const inbound = async () =>
      (await callOk<{ security_groups: { inbound: string[] }[] }>(
        client,
        "ec2_describe_security_groups",
        { group_ids: [group] },
      )).security_groups[0]?.inbound.sort();
    const https = { protocol: "tcp", from_port: 443, cidr: "10.0.0.0/8" };
    const dns = { protocol: "udp", from_port: 53, cidr: "2001:db8::/32" };
    const ping = { protocol: "icmp", from_port: 8, cidr: "10.1.0.0/16" };
    try {
      await callOk(client, "ec2_authorize_security_group_ingress", {
        group_id: group,
        rules: [https, dns, ping],
      });
      deepEqual(await inbound(), [
        "icmp type 8 from 10.1.0.0/16",
        "tcp 443 from 10.0.0.0/8",
        "udp 53 from 2001:db8::/32",
      ]);

      await t.step("dry_run answers would-succeed and removes nothing", async () => {
        const out = await callOk(client, "ec2_revoke_security_group_ingress", {
          group_id: group,
          rules: [https],
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        equal((await inbound())?.length, 3);
      });

      await t.step("revoke removes the named rules and the read side agrees", async () => {
        const out = await callOk(client, "ec2_revoke_security_group_ingress", {
          group_id: group,
          rules: [https, ping],
        });
        deepEqual(out.removed, ["tcp 443 from 10.0.0.0/8", "icmp type 8 from 10.1.0.0/16"]);
        deepEqual(await inbound(), ["udp 53 from 2001:db8::/32"]);
      });

      await t.step("a rule that does not exist is reported and changes nothing", async () => {
        const missing = await call(client, "ec2_revoke_security_group_ingress", {
          group_id: group,
          rules: [https],
        });
        match(text(missing), /^InvalidPermission\.NotFound: /);
        deepEqual(await inbound(), ["udp 53 from 2001:db8::/32"]);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
      await ec2.deleteSecurityGroup({ GroupId: group }).catch(() => {});
    }
  },
);
