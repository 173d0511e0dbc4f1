import { equal, match } from "node:assert/strict";
import { call, callOk, connectMoto, motoTest, text } from "../_helpers.ts";

const AUDIT = "arn:aws:iam::111111111111:role/Auditor";
const OPS = "arn:aws:iam::222222222222:role/Ops";

motoTest(
  "tools act as an allowed role by ARN or alias, each with its own credentials",
  async (endpoint) => {
    const { client, close } = await connectMoto(endpoint, "eu-west-1", {
      roles: [{ alias: "audit", arn: AUDIT }, { alias: undefined, arn: OPS }],
      roleSessionName: "mcp-test",
    });
    try {
      const base = await callOk<{ account: string; arn: string }>(client, "aws_whoami");
      equal(base.account, "123456789012");
      const audit = await callOk<
        { account: string; arn: string; principal_type: string; principal_name: string }
      >(
        client,
        "aws_whoami",
        { role_arn: "audit" },
      );
      equal(audit.account, "111111111111");
      match(audit.arn, /^arn:aws:sts::111111111111:assumed-role\/Auditor\/mcp-test$/);
      equal(audit.principal_type, "assumed-role");
      equal(audit.principal_name, "Auditor");
      const ops = await callOk<{ account: string; arn: string }>(client, "aws_whoami", {
        role_arn: OPS,
      });
      equal(ops.account, "222222222222");
      const listed = await callOk<{ account: string }>(client, "vpc_list_vpcs", {
        role_arn: "audit",
      });
      equal(listed.account, "111111111111");
      const refused = await call(client, "aws_whoami", {
        role_arn: "arn:aws:iam::333333333333:role/Other",
      });
      match(
        text(refused),
        /^RoleNotAllowed: role arn:aws:iam::333333333333:role\/Other is not one this server may assume — use one of: audit \(arn:aws:iam::111111111111:role\/Auditor\), arn:aws:iam::222222222222:role\/Ops/,
      );
    } finally {
      await close();
    }
  },
);
