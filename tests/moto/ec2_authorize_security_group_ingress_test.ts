import { deepEqual, equal, match } from "node:assert/strict";
import { authorizeSecurityGroupIngress } from "../../tools/ec2/authorize_security_group_ingress.ts";
import { describeSecurityGroups } from "../../tools/ec2/describe_security_groups.ts";
import { call, callOk, connectMoto, motoEc2, motoTest, text } from "../_helpers.ts";

// moto's state is global: this file works in me-south-1 and names its groups after its run id.
const REGION = "me-south-1";
const RUN = crypto.randomUUID();

motoTest(
  "ec2_authorize_security_group_ingress adds rules the read side shows verbatim",
  async (endpoint, t) => {
    const ec2 = await motoEc2(endpoint, REGION);
    const source = (await ec2.createSecurityGroup({ GroupName: `lb-${RUN}`, Description: "lb" }))
      .GroupId as string;
    const group = (await ec2.createSecurityGroup({ GroupName: `app-${RUN}`, Description: "app" }))
      .GroupId as string;
    const keysDir = await Deno.makeTempDir();
    const { client, close } = await connectMoto(endpoint, REGION, {
      allowWrite: true,
      keysDir,
    }, { inventory: [authorizeSecurityGroupIngress, describeSecurityGroups] });
    const inbound = async () =>
      (await callOk<{ security_groups: { inbound: string[] }[] }>(
        client,
        "ec2_describe_security_groups",
        { group_ids: [group] },
      )).security_groups[0]?.inbound;
    try {
      await t.step("dry_run answers would-succeed and adds nothing", async () => {
        const out = await callOk(client, "ec2_authorize_security_group_ingress", {
          group_id: group,
          rules: [{ protocol: "tcp", from_port: 443, cidr: "0.0.0.0/0" }],
          dry_run: true,
        });
        equal((out.dry_run as { would_succeed: boolean }).would_succeed, true);
        deepEqual(await inbound(), []);
      });

      await t.step("public SSH is refused and changes nothing", async () => {
        const refused = await call(client, "ec2_authorize_security_group_ingress", {
          group_id: group,
          rules: [{ protocol: "tcp", from_port: 22, cidr: "0.0.0.0/0" }],
        });
        match(text(refused), /^PublicIngressRefused: rules\.0 \(tcp 22 from 0\.0\.0\.0\/0\)/);
        deepEqual(await inbound(), []);
      });

      let added: string[] = [];
      await t.step("the added rules come back as the read side renders them", async () => {
        const out = await callOk<{ added: string[] }>(
          client,
          "ec2_authorize_security_group_ingress",
          {
            group_id: group,
            rules: [
              { protocol: "tcp", from_port: 443, cidr: "0.0.0.0/0", description: "https" },
              { protocol: "tcp", from_port: 8000, to_port: 8080, source_group_id: source },
              { protocol: "udp", from_port: 53, cidr: "2001:db8::/32" },
              { protocol: "tcp", from_port: 22, cidr: "203.0.113.7/32" },
            ],
          },
        );
        added = out.added;
        deepEqual(added, [
          "tcp 443 from 0.0.0.0/0 (https)",
          `tcp 8000-8080 from ${source}`,
          "udp 53 from 2001:db8::/32",
          "tcp 22 from 203.0.113.7/32",
        ]);
        const shown = await inbound();
        // The read side adds the name of a group it knows; the rest must match exactly.
        deepEqual(
          [...(shown ?? [])].map((r) => r.replace(` (lb-${RUN})`, "")).sort(),
          [...added].sort(),
        );
      });

      await t.step("adding an existing rule again fails as a duplicate", async () => {
        const dup = await call(client, "ec2_authorize_security_group_ingress", {
          group_id: group,
          rules: [{ protocol: "tcp", from_port: 22, cidr: "203.0.113.7/32" }],
        });
        match(text(dup), /^InvalidPermission\.Duplicate: /);
      });

      await t.step("allow_public lets a deliberate public SSH rule through", async () => {
        await callOk(client, "ec2_authorize_security_group_ingress", {
          group_id: group,
          rules: [{ protocol: "tcp", from_port: 22, cidr: "::/0" }],
          allow_public: true,
        });
        equal((await inbound())?.includes("tcp 22 from ::/0"), true);
      });
    } finally {
      await close();
      await Deno.remove(keysDir, { recursive: true });
      await ec2.deleteSecurityGroup({ GroupId: group }).catch(() => {});
      await ec2.deleteSecurityGroup({ GroupId: source }).catch(() => {});
    }
  },
);
