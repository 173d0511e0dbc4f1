import { deepEqual, equal, ok } from "node:assert/strict";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { listPolicies } from "./list_policies.ts";

Deno.test("iam_list_policies: customer-managed by default, AWS on request, counts, pages", async () => {
  const aws = stubAws({
    iam: {
      listPolicies: (i: { Marker?: string }) =>
        i.Marker ? { Policies: [{ PolicyName: "p3", Arn: "arn:p3", AttachmentCount: 0 }] } : {
          Policies: [
            {
              PolicyName: "p1",
              Arn: "arn:p1",
              AttachmentCount: 3,
              PermissionsBoundaryUsageCount: 1,
              DefaultVersionId: "v2",
              UpdateDate: new Date("2026-02-01T00:00:00Z"),
            },
            {
              PolicyName: "p2",
              Arn: "arn:p2",
              AttachmentCount: 1,
              PermissionsBoundaryUsageCount: 0,
            },
          ],
          IsTruncated: true,
          Marker: "next",
        },
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listPolicies] });
  try {
    const first = await callOk<{ policies: unknown[]; next_token?: string }>(
      client,
      "iam_list_policies",
      { max_results: 2 },
    );
    deepEqual(first.policies, [
      {
        name: "p1",
        arn: "arn:p1",
        attachments: 3,
        boundary_uses: 1,
        default_version: "v2",
        updated: "2026-02-01T00:00:00.000Z",
      },
      { name: "p2", arn: "arn:p2", attachments: 1 },
    ]);
    ok(first.next_token);
    const second = await callOk<{ policies: { name: string }[]; next_token?: string }>(
      client,
      "iam_list_policies",
      { max_results: 2, next_token: first.next_token },
    );
    deepEqual(second.policies.map((p) => p.name), ["p3"]);
    equal(second.next_token, undefined);
    await callOk(client, "iam_list_policies", { scope: "aws", attached_only: true });
    deepEqual(aws.calls.map((c) => c.input), [
      { Scope: "Local", MaxItems: 1000 },
      { Scope: "Local", MaxItems: 1000, Marker: "next" },
      { Scope: "AWS", MaxItems: 1000, OnlyAttached: true },
      { Scope: "AWS", MaxItems: 1000, OnlyAttached: true, Marker: "next" },
    ]);
  } finally {
    await close();
  }
});
