import { deepEqual, equal } from "node:assert/strict";
import { callOk, connect, stubAws } from "../../tests/_helpers.ts";
import { listUsers } from "./list_users.ts";

const days = (n: number) => new Date(Date.now() - n * 86_400_000 - 60_000);
const noLogin = () =>
  Promise.reject(Object.assign(new Error("no profile"), { name: "NoSuchEntityException" }));

Deno.test("iam_list_users answers console, MFA, key suffix, age and last use, groups", async () => {
  const aws = stubAws({
    iam: {
      listUsers: () => ({
        Users: [
          { UserName: "alice", CreateDate: days(400), PasswordLastUsed: days(2) },
          { UserName: "svc", CreateDate: days(10) },
        ],
      }),
      getLoginProfile: (i: { UserName: string }) => i.UserName === "alice" ? {} : noLogin(),
      listMFADevices: (i: { UserName: string }) => ({
        MFADevices: i.UserName === "alice" ? [{ SerialNumber: "arn:mfa" }] : [],
      }),
      listAccessKeys: (i: { UserName: string }) => ({
        AccessKeyMetadata: i.UserName === "svc"
          ? [{ AccessKeyId: "AKIAEXAMPLEKEY1234", Status: "Active", CreateDate: days(10) }]
          : [],
      }),
      getAccessKeyLastUsed: () => ({
        AccessKeyLastUsed: { LastUsedDate: days(1), ServiceName: "s3", Region: "eu-west-1" },
      }),
      listGroupsForUser: (i: { UserName: string }) => ({
        Groups: i.UserName === "alice" ? [{ GroupName: "admins" }] : [],
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [listUsers] });
  try {
    const out = await callOk<{ users: Record<string, unknown>[] }>(client, "iam_list_users", {
      path_prefix: "/people/",
    });
    equal(out.users.length, 2);
    const [alice, svc] = out.users as [Record<string, unknown>, Record<string, unknown>];
    deepEqual([alice.name, alice.console, alice.mfa, alice.groups], ["alice", true, true, [
      "admins",
    ]]);
    equal(alice.access_keys, undefined);
    deepEqual([svc.console, svc.mfa], [false, false]);
    const [key] = svc.access_keys as Record<string, unknown>[];
    deepEqual([key?.id, key?.status, key?.age_days, key?.last_service], [
      "…1234",
      "Active",
      10,
      "s3",
    ]);
    deepEqual(aws.calls[0], {
      service: "iam",
      method: "listUsers",
      input: { MaxItems: 1000, PathPrefix: "/people/" },
    });
  } finally {
    await close();
  }
});
