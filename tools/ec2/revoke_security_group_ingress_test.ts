import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { revokeSecurityGroupIngress } from "./revoke_security_group_ingress.ts";

const SG = "sg-0123456789abcdef0";

Deno.test("ec2_revoke_security_group_ingress sends the same permissions as authorize and lists what AWS did not know", async () => {
  const aws = stubAws({
    ec2: {
      revokeSecurityGroupIngress: () => ({
        Return: true,
        UnknownIpPermissions: [{
          IpProtocol: "tcp",
          FromPort: 8080,
          ToPort: 8080,
          IpRanges: [{ CidrIp: "10.0.0.0/8" }],
        }],
      }),
    },
  });
  const { client, close } = await connect({ allowWrite: true }, {
    aws,
    inventory: [revokeSecurityGroupIngress],
  });
  try {
    const out = await callOk(client, "ec2_revoke_security_group_ingress", {
      group_id: SG,
      rules: [
        { protocol: "tcp", from_port: 22, cidr: "0.0.0.0/0" },
        { protocol: "tcp", from_port: 8080, cidr: "10.0.0.0/8" },
      ],
    });
    deepEqual(out.removed, ["tcp 22 from 0.0.0.0/0"]);
    deepEqual(out.not_found, ["tcp 8080 from 10.0.0.0/8"]);
    deepEqual(aws.calls.map((c) => [c.method, c.input]), [["revokeSecurityGroupIngress", {
      GroupId: SG,
      IpPermissions: [
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] },
        { IpProtocol: "tcp", FromPort: 8080, ToPort: 8080, IpRanges: [{ CidrIp: "10.0.0.0/8" }] },
      ],
      DryRun: false,
    }]]);
  } finally {
    await close();
  }
});

Deno.test("ec2_revoke_security_group_ingress checks --require-tag and names a bad rule field", async () => {
  const aws = stubAws({ ec2: { describeTags: () => ({ Tags: [] }) } });
  const { client, close } = await connect({
    allowWrite: true,
    requireTag: { key: "owner", value: "agent" },
  }, { aws, inventory: [revokeSecurityGroupIngress] });
  try {
    const refused = await call(client, "ec2_revoke_security_group_ingress", {
      group_id: SG,
      rules: [{ protocol: "all", cidr: "0.0.0.0/0" }],
    });
    match(
      text(refused),
      /^RequiredTagMissing: refused: sg-0123456789abcdef0 does not carry owner=agent/,
    );
    deepEqual(aws.calls.map((c) => c.method), ["describeTags"]);
    const bad = await call(client, "ec2_revoke_security_group_ingress", {
      group_id: SG,
      rules: [{ protocol: "ssh", cidr: "0.0.0.0/0" }],
    });
    equal(bad.isError, true);
    match(text(bad), /rules\.0\.protocol: Invalid option/);
    const empty = await call(client, "ec2_revoke_security_group_ingress", {
      group_id: SG,
      rules: [],
    });
    match(text(empty), /rules: Too small/);
  } finally {
    await close();
  }
});
