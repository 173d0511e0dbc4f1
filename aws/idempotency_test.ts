import { deepEqual, equal } from "node:assert/strict";
import { mayHaveActed, tokenMember, writePolicy } from "./idempotency.ts";
import { mapError } from "./errors.ts";

Deno.test("mayHaveActed is true only where AWS may have acted without an answer reaching us", () => {
  const err = (o: object) => Object.assign(new Error("x"), o);
  equal(mayHaveActed(err({ name: "TimeoutError", code: "ECONNRESET" })), true);
  equal(mayHaveActed(err({ name: "TimeoutError" })), true);
  equal(mayHaveActed(err({ name: "InternalError", $metadata: { httpStatusCode: 500 } })), true);
  equal(
    mayHaveActed(err({ name: "RequestLimitExceeded", $metadata: { httpStatusCode: 503 } })),
    false,
  );
  equal(
    mayHaveActed(err({ name: "InvalidParameterValue", $metadata: { httpStatusCode: 400 } })),
    false,
  );
  equal(mayHaveActed(err({ name: "Error", code: "ECONNREFUSED" })), false);
  equal(mayHaveActed(err({ name: "AbortError" })), false);
});

Deno.test("writePolicy sends token-less writes of non-idempotent tools once, and nothing else", () => {
  deepEqual(writePolicy("CreateSnapshot", undefined, false), { mutating: true, once: true });
  deepEqual(writePolicy("CreateSnapshot", undefined, true), { mutating: true, once: false });
  deepEqual(writePolicy("RunInstances", "ClientToken", false), { mutating: true, once: false });
  deepEqual(writePolicy("DescribeInstances", undefined, false), { mutating: false, once: false });
});

Deno.test("tokenMember finds the idempotency token in the SDK's operation schemas", async () => {
  const ec2 = await import("@aws-sdk/client-ec2") as unknown as Record<string, unknown>;
  equal(tokenMember(ec2.RunInstances$), "ClientToken");
  equal(tokenMember(ec2.CreateVolume$), "ClientToken");
  equal(tokenMember(ec2.CreateLaunchTemplate$), "ClientToken");
  equal(tokenMember(ec2.CreateSnapshot$), undefined);
  equal(tokenMember(ec2.CreateKeyPair$), undefined);
});

Deno.test("mapError reports a reset as a reset and a lost write's answer as unknown, naming the check", () => {
  const reset = mapError(
    Object.assign(new Error("socket hang up"), {
      name: "TimeoutError",
      code: "ECONNRESET",
    }),
    { iam: [], region: "eu-west-1", profile: undefined },
  );
  equal(reset.code, "ConnectionReset");
  const unknown = mapError(
    Object.assign(new Error("CreateSnapshot may have taken effect"), {
      name: "OutcomeUnknown",
    }),
    { iam: [], region: "eu-west-1", profile: undefined, verify: "ebs_list_snapshots" },
  );
  equal(unknown.code, "OutcomeUnknown");
  equal(unknown.hint, "check with ebs_list_snapshots whether it took effect before calling again");
});
