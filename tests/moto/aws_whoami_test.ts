import { equal, match } from "node:assert/strict";
import { callOk, connectMoto, motoTest } from "../_helpers.ts";

// moto's state is global: this file owns ca-central-1 (and reads nothing regional).
const REGION = "ca-central-1";

motoTest("aws_whoami names the account, principal, region and profile", async (endpoint) => {
  const { client, close } = await connectMoto(endpoint, REGION);
  try {
    const who = await callOk<Record<string, unknown>>(client, "aws_whoami");
    equal(who.account, "123456789012");
    equal(who.region, REGION);
    match(String(who.arn), /^arn:aws:(iam|sts)::123456789012:/);
    equal(typeof who.principal_type, "string");
    equal(who.profile, null);
    const elsewhere = await callOk<Record<string, unknown>>(client, "aws_whoami", {
      region: "eu-north-1",
    });
    equal(elsewhere.region, "eu-north-1");
  } finally {
    await close();
  }
});
