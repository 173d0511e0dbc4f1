import { deepEqual } from "node:assert/strict";
import { effectiveBlock, publicGrants } from "./_s3.ts";

Deno.test("publicGrants names grants to everyone and to every AWS account only", () => {
  deepEqual(
    publicGrants([
      { Grantee: { Type: "CanonicalUser", ID: "owner" }, Permission: "FULL_CONTROL" },
      {
        Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/global/AllUsers" },
        Permission: "READ",
      },
      {
        Grantee: {
          Type: "Group",
          URI: "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
        },
        Permission: "WRITE",
      },
      {
        Grantee: { Type: "Group", URI: "http://acs.amazonaws.com/groups/s3/LogDelivery" },
        Permission: "WRITE",
      },
    ]),
    ["AllUsers:READ", "AuthenticatedUsers:WRITE"],
  );
});

Deno.test("effectiveBlock turns a switch on when the account or the bucket sets it", () => {
  deepEqual(effectiveBlock({ BlockPublicAcls: true }, { RestrictPublicBuckets: true }), {
    BlockPublicAcls: true,
    IgnorePublicAcls: false,
    BlockPublicPolicy: false,
    RestrictPublicBuckets: true,
  });
});
