import { deepEqual, equal, match } from "node:assert/strict";
import { call, callOk, connect, stubAws, text } from "../../tests/_helpers.ts";
import { findingsOf, findStaleCredentials, parseReport } from "./find_stale_credentials.ts";

const NOW = Date.parse("2026-06-01T00:00:00Z");
const ago = (days: number, now = Date.now()) => new Date(now - days * 86_400_000).toISOString();
const COLUMNS =
  "user,arn,user_creation_time,password_enabled,password_last_used,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date";

function report(now: number): string {
  return [
    COLUMNS,
    `<root_account>,arn:root,${ago(900, now)},not_supported,${
      ago(1, now)
    },false,false,N/A,N/A,false,N/A,N/A`,
    // Old key that is still used; a second key never used since its creation 120 days ago.
    `ci,arn:ci,${ago(500, now)},false,N/A,false,true,${ago(200, now)},${ago(1, now)},true,${
      ago(120, now)
    },N/A`,
    // Console user without MFA, last login 100 days ago.
    `bob,arn:bob,${ago(300, now)},true,${ago(100, now)},false,false,N/A,N/A,false,N/A,N/A`,
    // Console user with MFA who never logged in, created 10 days ago: nothing stale.
    `new,arn:new,${ago(10, now)},true,no_information,true,false,N/A,N/A,false,N/A,N/A`,
  ].join("\n");
}

Deno.test("findingsOf applies each threshold to the credential report's columns", () => {
  const t = { keyAge: 90, keyUnused: 90, consoleInactive: 90 };
  deepEqual(parseReport(report(NOW)).flatMap((r) => findingsOf(r, t, NOW)), [
    { user: "ci", finding: "access_key_old", key: 1, days: 200 },
    { user: "ci", finding: "access_key_old", key: 2, days: 120 },
    { user: "ci", finding: "access_key_unused", key: 2, days: 120 },
    { user: "bob", finding: "console_no_mfa" },
    { user: "bob", finding: "console_inactive", days: 100 },
  ]);
  const strict = { keyAge: 365, keyUnused: 365, consoleInactive: 5 };
  deepEqual(parseReport(report(NOW)).flatMap((r) => findingsOf(r, strict, NOW)), [
    { user: "bob", finding: "console_no_mfa" },
    { user: "bob", finding: "console_inactive", days: 100 },
    { user: "new", finding: "console_inactive", days: 10 },
  ]);
});

Deno.test("iam_find_stale_credentials generates the report when missing and flags root", async () => {
  let generated = false;
  const aws = stubAws({
    iam: {
      getCredentialReport: () =>
        generated
          ? { Content: new TextEncoder().encode(report(Date.now())), GeneratedTime: new Date(0) }
          : Promise.reject(
            Object.assign(new Error("no report"), { name: "CredentialReportNotPresentException" }),
          ),
      generateCredentialReport: () => {
        generated = true;
        return { State: "STARTED" };
      },
      getAccountSummary: () => ({
        SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 },
      }),
    },
  });
  const { client, close } = await connect({}, { aws, inventory: [findStaleCredentials] });
  try {
    const out = await callOk<{ findings: Record<string, unknown>[]; report_time?: string }>(
      client,
      "iam_find_stale_credentials",
      { key_unused_days: 400, key_age_days: 150 },
    );
    deepEqual(out.findings.map((f) => `${f.user}:${f.finding}`), [
      "root:root_access_keys",
      "root:root_no_mfa",
      "ci:access_key_old",
      "bob:console_no_mfa",
      "bob:console_inactive",
    ]);
    equal(out.report_time, "1970-01-01T00:00:00.000Z");
    deepEqual(aws.calls.filter((c) => c.method.endsWith("CredentialReport")).map((c) => c.method), [
      "getCredentialReport",
      "generateCredentialReport",
      "getCredentialReport",
    ]);
    match(
      text(await call(client, "iam_find_stale_credentials", { key_age_days: 0 })),
      /^InvalidInput: key_age_days: Too small/,
    );
  } finally {
    await close();
  }
});
