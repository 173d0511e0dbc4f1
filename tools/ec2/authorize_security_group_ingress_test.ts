import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { authorizeSecurityGroupIngress } from "./authorize_security_group_ingress.ts";

const SG = "sg-0123456789abcdef0";
const SOURCE = "sg-0123456789abcdef1";

async function withTool(
  fn: (
    client: Awaited<ReturnType<typeof connect>>["client"],
    aws: ReturnType<typeof stubAws>,
  ) => Promise<void>,
  config = {},
) {
  const aws = stubAws({
    ec2: {
      authorizeSecurityGroupIngress: () => ({ Return: true }),
      describeTags: () => ({ Tags: [{ ResourceId: SG, Key: "owner", Value: "agent" }] }),
    },
  });
  const { client, close } = await connect({ allowWrite: true, ...config }, {
    aws,
    inventory: [authorizeSecurityGroupIngress],
  });
  try {
    await fn(client, aws);
  } finally {
    await close();
  }
}

Deno.test("ec2_authorize_security_group_ingress sends one permission per rule and renders them", async () => {
  await withTool(async (client, aws) => {
    const out = await callOk(client, "ec2_authorize_security_group_ingress", {
      group_id: SG,
      rules: [
        { protocol: "tcp", from_port: 443, cidr: "0.0.0.0/0", description: "https" },
        { protocol: "udp", from_port: 8000, to_port: 8100, cidr: "2001:db8::/32" },
        { protocol: "icmp", from_port: 8, cidr: "10.0.0.0/8" },
        { protocol: "icmp", cidr: "2001:db8::/32" },
        { protocol: "all", source_group_id: SOURCE },
        { protocol: "tcp", from_port: 5432, to_port: 5432, prefix_list_id: "pl-0123456789abcdef0" },
      ],
    });
    deepEqual(out.added, [
      "tcp 443 from 0.0.0.0/0 (https)",
      "udp 8000-8100 from 2001:db8::/32",
      "icmp type 8 from 10.0.0.0/8",
      "icmpv6 from 2001:db8::/32",
      `all from ${SOURCE}`,
      "tcp 5432 from pl-0123456789abcdef0",
    ]);
    equal(out.group_id, SG);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [["authorizeSecurityGroupIngress", {
      GroupId: SG,
      IpPermissions: [
        {
          IpProtocol: "tcp",
          FromPort: 443,
          ToPort: 443,
          IpRanges: [{ CidrIp: "0.0.0.0/0", Description: "https" }],
        },
        {
          IpProtocol: "udp",
          FromPort: 8000,
          ToPort: 8100,
          Ipv6Ranges: [{ CidrIpv6: "2001:db8::/32" }],
        },
        { IpProtocol: "icmp", FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
        {
          IpProtocol: "icmpv6",
          FromPort: -1,
          ToPort: -1,
          Ipv6Ranges: [{ CidrIpv6: "2001:db8::/32" }],
        },
        { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: SOURCE }] },
        {
          IpProtocol: "tcp",
          FromPort: 5432,
          ToPort: 5432,
          PrefixListIds: [{ PrefixListId: "pl-0123456789abcdef0" }],
        },
      ],
      DryRun: false,
    }]]);
  });
});

Deno.test("ec2_authorize_security_group_ingress refuses SSH, RDP or all ports from anywhere, naming the rule", async () => {
  await withTool(async (client, aws) => {
    for (
      const [rule, shown] of [
        [{ protocol: "tcp", from_port: 22, cidr: "0.0.0.0/0" }, "tcp 22 from 0.0.0.0/0"],
        [{ protocol: "udp", from_port: 3389, cidr: "::/0" }, "udp 3389 from ::/0"],
        [{ protocol: "tcp", from_port: 0, to_port: 65535, cidr: "0.0.0.0/0" }, "tcp 0-65535"],
        [{ protocol: "all", cidr: "::/0" }, "all from ::/0"],
      ] as const
    ) {
      const refused = await call(client, "ec2_authorize_security_group_ingress", {
        group_id: SG,
        rules: [{ protocol: "tcp", from_port: 443, cidr: "0.0.0.0/0" }, rule],
      });
      equal(refused.isError, true);
      match(
        text(refused),
        new RegExp(
          `^PublicIngressRefused: rules\\.1 \\(${
            shown.replace(/[.*+?()[\]\\]/g, "\\$&")
          }.*\\) opens SSH, RDP or all ports to the whole internet — .*allow_public: true`,
        ),
      );
    }
    equal(aws.calls.length, 0, "nothing reaches AWS");
    const allowed = await callOk(client, "ec2_authorize_security_group_ingress", {
      group_id: SG,
      rules: [{ protocol: "tcp", from_port: 22, cidr: "0.0.0.0/0" }],
      allow_public: true,
    });
    deepEqual(allowed.added, ["tcp 22 from 0.0.0.0/0"]);
    const narrow = await callOk(client, "ec2_authorize_security_group_ingress", {
      group_id: SG,
      rules: [{ protocol: "tcp", from_port: 22, cidr: "203.0.113.7/32" }],
    });
    deepEqual(narrow.added, ["tcp 22 from 203.0.113.7/32"]);
  });
});

Deno.test("ec2_authorize_security_group_ingress checks --require-tag on the group first", async () => {
  await withTool(async (client, aws) => {
    await callOk(client, "ec2_authorize_security_group_ingress", {
      group_id: SG,
      rules: [{ protocol: "tcp", from_port: 80, cidr: "10.0.0.0/16" }],
      dry_run: true,
    });
    deepEqual(aws.calls.map((c) => c.method), ["describeTags", "authorizeSecurityGroupIngress"]);
    equal((aws.calls[1]?.input as { DryRun: boolean }).DryRun, true);
  }, { requireTag: { key: "owner", value: "agent" } });
});

Deno.test("ec2_authorize_security_group_ingress names the field of a malformed rule", async () => {
  await withTool(async (client, aws) => {
    const bad = await call(client, "ec2_authorize_security_group_ingress", {
      group_id: SG,
      rules: [
        { protocol: "tcp", from_port: 80, cidr: "10.0.0.0/8", source_group_id: SOURCE },
        { protocol: "udp", cidr: "10.0.0.0/8" },
        { protocol: "tcp", from_port: 80, cidr: "10.0.0.300/8" },
        { protocol: "all", from_port: 1, cidr: "10.0.0.0/8" },
        { protocol: "tcp", from_port: 90, to_port: 80, cidr: "10.0.0.0/8" },
      ],
    });
    equal(bad.isError, true);
    match(text(bad), /rules\.0\.cidr: give exactly one of cidr, source_group_id, prefix_list_id/);
    match(text(bad), /rules\.1\.from_port: tcp and udp need 0-65535/);
    match(text(bad), /rules\.2\.cidr: expected an IPv4 or IPv6 CIDR/);
    match(text(bad), /rules\.3\.from_port: ports do not apply to protocol all/);
    match(text(bad), /rules\.4\.to_port: must be at least from_port/);
    const port = await call(client, "ec2_authorize_security_group_ingress", {
      group_id: SG,
      rules: [{ protocol: "tcp", from_port: 70000, cidr: "10.0.0.0/8" }],
    });
    match(text(port), /rules\.0\.from_port: expected an integer from -1 to 65535/);
    equal(aws.calls.length, 0);
  });
});
