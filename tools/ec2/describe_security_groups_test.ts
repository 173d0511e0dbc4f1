import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { describeSecurityGroups, renderRules } from "./describe_security_groups.ts";

const SG = "sg-0123456789abcdef0";
const PEER = "sg-0123456789abcdef1";

Deno.test("renderRules writes protocol -1 as all and names CIDRs, prefix lists and groups", () => {
  deepEqual(
    renderRules(
      [
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        {
          IpProtocol: "tcp",
          FromPort: 443,
          ToPort: 443,
          UserIdGroupPairs: [{ GroupId: PEER, UserId: "123456789012" }],
        },
        { IpProtocol: "-1", PrefixListIds: [{ PrefixListId: "pl-12345678" }] },
        { IpProtocol: "udp", FromPort: 1000, ToPort: 2000, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
        { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
      ],
      "inbound",
      new Map([[PEER, "web"]]),
      "123456789012",
    ),
    [
      "tcp 22 from 0.0.0.0/0",
      `tcp 443 from ${PEER} (web)`,
      "all from pl-12345678",
      "udp 1000-2000 from ::/0",
      "icmp from 10.0.0.0/8",
    ],
  );
});

Deno.test("renderRules writes one string per peer, each with its own description", () => {
  deepEqual(
    renderRules([{
      IpProtocol: "tcp",
      FromPort: 5432,
      ToPort: 5432,
      IpRanges: [{ CidrIp: "10.0.0.0/16", Description: "app subnet" }, { CidrIp: "10.1.0.0/16" }],
      Ipv6Ranges: [{ CidrIpv6: "2001:db8::/32", Description: "v6" }],
      PrefixListIds: [{ PrefixListId: "pl-0123456789abcdef0", Description: "office" }],
      UserIdGroupPairs: [{ GroupId: PEER, Description: "from bastion" }],
    }], "inbound"),
    [
      "tcp 5432 from 10.0.0.0/16 (app subnet)",
      "tcp 5432 from 10.1.0.0/16",
      "tcp 5432 from 2001:db8::/32 (v6)",
      "tcp 5432 from pl-0123456789abcdef0 (office)",
      `tcp 5432 from ${PEER} (from bastion)`,
    ],
  );
});

Deno.test("renderRules uses to for outbound and keeps protocol numbers it cannot name", () => {
  deepEqual(
    renderRules([
      { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
      { IpProtocol: "50", IpRanges: [{ CidrIp: "192.0.2.1/32" }] },
      { IpProtocol: "6", FromPort: 0, ToPort: 65535, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
      { IpProtocol: "17", FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: "10.0.0.2/32" }] },
    ], "outbound"),
    [
      "all to 0.0.0.0/0",
      "all to ::/0",
      "proto 50 to 192.0.2.1/32",
      "tcp 0-65535 to 10.0.0.0/8",
      "udp 53 to 10.0.0.2/32",
    ],
  );
});

Deno.test("renderRules writes ICMP type and code, and ICMPv6 by name", () => {
  deepEqual(
    renderRules([
      { IpProtocol: "icmp", FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      { IpProtocol: "icmp", FromPort: 3, ToPort: 4, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
      { IpProtocol: "58", FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
    ], "inbound"),
    [
      "icmp type 8 from 0.0.0.0/0",
      "icmp type 3 code 4 from 0.0.0.0/0",
      "icmpv6 from ::/0",
    ],
  );
});

Deno.test("renderRules names another account's group by account and prefers the pair's name", () => {
  deepEqual(
    renderRules(
      [{
        IpProtocol: "tcp",
        FromPort: 80,
        ToPort: 80,
        UserIdGroupPairs: [
          { GroupId: PEER, UserId: "111122223333" },
          { GroupId: SG, GroupName: "legacy", UserId: "123456789012" },
        ],
      }],
      "inbound",
      new Map([[SG, "ignored"]]),
      "123456789012",
    ),
    [`tcp 80 from 111122223333/${PEER}`, `tcp 80 from ${SG} (legacy)`],
  );
  deepEqual(renderRules(undefined, "inbound"), []);
  deepEqual(renderRules([{ IpProtocol: "tcp", FromPort: 22, ToPort: 22 }], "inbound"), [
    "tcp 22",
  ]);
});

Deno.test("ec2_describe_security_groups filters by name, VPC and tags and names peer groups", async () => {
  const aws = stubAws({
    ec2: {
      describeSecurityGroups: () => ({
        SecurityGroups: [
          {
            GroupId: SG,
            GroupName: "db",
            Description: "database",
            VpcId: "vpc-0123456789abcdef0",
            OwnerId: "123456789012",
            IpPermissions: [{
              IpProtocol: "tcp",
              FromPort: 5432,
              ToPort: 5432,
              UserIdGroupPairs: [{ GroupId: PEER, UserId: "123456789012", Description: "app" }],
            }],
            IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
          },
          { GroupId: PEER, GroupName: "app", Description: "", VpcId: "vpc-0123456789abcdef0" },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSecurityGroups] });
  try {
    const out = await callOk<{ security_groups: unknown[] }>(
      client,
      "ec2_describe_security_groups",
      { group_names: ["db", "app"], vpc_id: "vpc-0123456789abcdef0", tags: { env: "prod" } },
    );
    deepEqual(aws.calls[0]?.input, {
      Filters: [
        { Name: "group-name", Values: ["db", "app"] },
        { Name: "vpc-id", Values: ["vpc-0123456789abcdef0"] },
        { Name: "tag:env", Values: ["prod"] },
      ],
      MaxResults: 1000,
    });
    deepEqual(out.security_groups, [
      {
        id: SG,
        name: "db",
        description: "database",
        vpc_id: "vpc-0123456789abcdef0",
        inbound: [`tcp 5432 from ${PEER} (app) (app)`],
        outbound: ["all to 0.0.0.0/0"],
      },
      { id: PEER, name: "app", vpc_id: "vpc-0123456789abcdef0", inbound: [], outbound: [] },
    ]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_security_groups asks by id without MaxResults and follows NextToken", async () => {
  const pages: Record<string, unknown> = {
    "": { SecurityGroups: [{ GroupId: SG }], NextToken: "t2" },
    t2: { SecurityGroups: [{ GroupId: PEER }] },
  };
  const aws = stubAws({
    ec2: {
      describeSecurityGroups: (input: { NextToken?: string }) => pages[input.NextToken ?? ""],
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSecurityGroups] });
  try {
    const out = await callOk<{ security_groups: { id: string }[] }>(
      client,
      "ec2_describe_security_groups",
      { group_ids: [SG, PEER] },
    );
    deepEqual(aws.calls.map((c) => c.input), [
      { GroupIds: [SG, PEER] },
      { GroupIds: [SG, PEER], NextToken: "t2" },
    ]);
    deepEqual(out.security_groups.map((g) => g.id), [SG, PEER]);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_security_groups names a malformed group id and VPC id", async () => {
  const { client, close } = await connect({}, {
    aws: stubAws({}),
    inventory: [describeSecurityGroups],
  });
  try {
    const bad = await call(client, "ec2_describe_security_groups", {
      group_ids: ["web"],
      vpc_id: "vpc-1",
    });
    equal(bad.isError, true);
    match(text(bad), /group_ids\.0: expected an id like sg-0123456789abcdef0/);
    match(text(bad), /vpc_id: expected an id like vpc-0123456789abcdef0/);
  } finally {
    await close();
  }
});

Deno.test("ec2_describe_security_groups says what the whole internet may reach and filters on it", async () => {
  const aws = stubAws({
    ec2: {
      describeSecurityGroups: () => ({
        SecurityGroups: [
          {
            GroupId: SG,
            IpPermissions: [
              { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
              { IpProtocol: "-1", Ipv6Ranges: [{ CidrIpv6: "::/0" }] },
              {
                IpProtocol: "tcp",
                FromPort: 5432,
                ToPort: 5432,
                IpRanges: [{ CidrIp: "10.0.0.0/8" }],
              },
            ],
          },
          { GroupId: PEER, IpPermissions: [] },
        ],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [describeSecurityGroups] });
  try {
    const out = await callOk<{ security_groups: { id: string; world_open?: string[] }[] }>(
      client,
      "ec2_describe_security_groups",
      { region: "eu-west-1", world_open: true, fields: ["world_open"] },
    );
    deepEqual(out.security_groups, [{ id: SG, world_open: ["tcp 22", "all"] }]);
  } finally {
    await close();
  }
});
