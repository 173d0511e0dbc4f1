import { deepEqual, equal, ok } from "node:assert/strict";
import { describeSecurityGroups } from "../../tools/ec2/describe_security_groups.ts";
import { callOk, connectMoto, motoEc2, motoTest, tagSpecs } from "../_helpers.ts";

// moto's state is global: this file works in eu-central-2 inside a VPC of its own, names its
// groups after its run id and never assumes the region holds nothing else.
const REGION = "eu-central-2";
const RUN = crypto.randomUUID();

interface Group {
  id: string;
  name: string;
  description?: string;
  vpc_id: string;
  inbound: string[];
  outbound: string[];
}
interface Page {
  security_groups: Group[];
  next_token?: string;
  region: string;
}

motoTest("ec2_describe_security_groups renders rules and filters groups", async (endpoint, t) => {
  const ec2 = await motoEc2(endpoint, REGION);
  const vpc = await ec2.createVpc({ CidrBlock: "10.42.0.0/16" });
  const vpcId = vpc.Vpc?.VpcId as string;
  const app = await ec2.createSecurityGroup({
    GroupName: `app-${RUN}`,
    Description: "app tier",
    VpcId: vpcId,
  });
  const db = await ec2.createSecurityGroup({
    GroupName: `db-${RUN}`,
    Description: "database",
    VpcId: vpcId,
    TagSpecifications: tagSpecs("security-group", { run: RUN }),
  });
  const appId = app.GroupId as string;
  const dbId = db.GroupId as string;
  await ec2.authorizeSecurityGroupIngress({
    GroupId: dbId,
    IpPermissions: [
      {
        IpProtocol: "tcp",
        FromPort: 22,
        ToPort: 22,
        IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "ssh" }],
      },
      { IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: appId }] },
      { IpProtocol: "udp", FromPort: 1000, ToPort: 2000, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
      { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
      { IpProtocol: "-1", PrefixListIds: [{ PrefixListId: "pl-12345678" }] },
    ],
  });

  const { client, close } = await connectMoto(endpoint, REGION, {}, {
    inventory: [describeSecurityGroups],
  });
  const list = (args: Record<string, unknown>) =>
    callOk<Page>(client, "ec2_describe_security_groups", args);
  try {
    await t.step("rules render as strings, naming groups on the same page", async () => {
      const page = await list({ vpc_id: vpcId });
      equal(page.region, REGION);
      const found = page.security_groups.find((g) => g.id === dbId);
      deepEqual(found, {
        id: dbId,
        name: `db-${RUN}`,
        description: "database",
        vpc_id: vpcId,
        inbound: [
          "tcp 22 from 0.0.0.0/0 (ssh)",
          `tcp 5432 from ${appId} (app-${RUN})`,
          "udp 1000-2000 from ::/0",
          "icmp from 10.0.0.0/8",
          "all from pl-12345678",
        ],
        outbound: ["all to 0.0.0.0/0"],
        world_open: ["tcp 22", "udp 1000-2000"],
      });
      const open = await list({ vpc_id: vpcId, world_open: true, fields: ["world_open"] });
      deepEqual(open.security_groups.map((g) => g.id), [dbId]);
    });

    await t.step("vpc_id returns the VPC's groups: its default one and both of ours", async () => {
      const page = await list({ vpc_id: vpcId });
      deepEqual(page.security_groups.map((g) => g.name).sort(), [
        `app-${RUN}`,
        `db-${RUN}`,
        "default",
      ]);
      ok(page.security_groups.every((g) => g.vpc_id === vpcId));
    });

    await t.step("max_results 1 pages through the same three groups once each", async () => {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await list({
          vpc_id: vpcId,
          max_results: 1,
          ...(token ? { next_token: token } : {}),
        });
        equal(page.security_groups.length, 1);
        seen.push(page.security_groups[0]!.id);
        token = page.next_token;
        pages++;
      } while (token && pages < 10);
      equal(pages, 3);
      equal(new Set(seen).size, 3);
      ok(seen.includes(appId) && seen.includes(dbId));
    });

    await t.step("group_names, tags and group_ids select exactly those groups", async () => {
      const byName = await list({ group_names: [`app-${RUN}`] });
      deepEqual(byName.security_groups.map((g) => g.id), [appId]);
      deepEqual(byName.security_groups[0]?.inbound, []);
      const byTag = await list({ tags: { run: RUN } });
      deepEqual(byTag.security_groups.map((g) => g.id), [dbId]);
      const byId = await list({ group_ids: [dbId, appId] });
      deepEqual(byId.security_groups.map((g) => g.id).sort(), [appId, dbId].sort());
    });

    await t.step("an unknown group id is listed in not_found beside the known one", async () => {
      const out = await callOk<Page & { not_found?: string[] }>(
        client,
        "ec2_describe_security_groups",
        { group_ids: ["sg-0123456789abcdef0", dbId] },
      );
      deepEqual(out.security_groups.map((g) => g.id), [dbId]);
      deepEqual(out.not_found, ["sg-0123456789abcdef0"]);
    });
  } finally {
    await close();
  }
});
