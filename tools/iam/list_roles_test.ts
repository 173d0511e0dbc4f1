import { deepEqual, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { listRoles } from "./list_roles.ts";

const trust = encodeURIComponent(JSON.stringify({
  Statement: [{
    Effect: "Allow",
    Principal: { Service: "ecs-tasks.amazonaws.com" },
    Action: "sts:AssumeRole",
  }],
}));

Deno.test("iam_list_roles summarises trust, adds last use and filters by name", async () => {
  const aws = stubAws({
    iam: {
      listRoles: () => ({
        Roles: [
          {
            RoleName: "task-runner",
            Path: "/service/",
            AssumeRolePolicyDocument: trust,
            MaxSessionDuration: 3600,
          },
          { RoleName: "other", Path: "/", AssumeRolePolicyDocument: trust },
        ],
      }),
      getRole: () => ({
        Role: {
          RoleLastUsed: { LastUsedDate: new Date("2026-05-01T00:00:00Z"), Region: "eu-west-1" },
        },
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listRoles] });
  try {
    const out = await callOk<{ roles: unknown[] }>(client, "iam_list_roles", {
      name_contains: "RUNNER",
    });
    deepEqual(out.roles, [{
      name: "task-runner",
      path: "/service/",
      trusted: { services: ["ecs-tasks.amazonaws.com"] },
      last_used: "2026-05-01T00:00:00.000Z",
      last_used_region: "eu-west-1",
      max_session_hours: 1,
    }]);
    deepEqual(aws.calls.map((c) => c.method), ["listRoles", "getRole"]);
    match(
      text(await call(client, "iam_list_roles", { path_prefix: "service" })),
      /^InvalidInput: path_prefix: expected a path that starts and ends with \//,
    );
  } finally {
    await close();
  }
});
