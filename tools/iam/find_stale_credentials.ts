import type { IAM } from "@aws-sdk/client-iam";
import { z } from "zod";
import { ToolError } from "../../aws/errors.ts";
import { listPage } from "../../aws/paging.ts";
import { compact } from "../../schemas/compact.ts";
import { pageInput, pageOutput } from "../../schemas/paging.ts";
import { defineTool, type ToolContext } from "../tool.ts";
import { daysSince } from "./_iam.ts";

const FINDINGS = [
  "access_key_old",
  "access_key_unused",
  "console_no_mfa",
  "console_inactive",
  "root_access_keys",
  "root_no_mfa",
] as const;
type Finding = typeof FINDINGS[number];

const findingRow = z.object({
  user: z.string(),
  finding: z.enum(FINDINGS),
  key: z.int().optional().describe("Access key 1 or 2"),
  days: z.int().optional(),
});
type Row = z.input<typeof findingRow>;

/** Thresholds in days. */
export interface Thresholds {
  keyAge: number;
  keyUnused: number;
  consoleInactive: number;
}

const date = (v: string | undefined) => v && /^\d{4}-/.test(v) ? v : undefined;

/** Parses the credential report (CSV without quoted fields) into records by column name. */
export function parseReport(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split(/\r?\n/);
  const columns = (header ?? "").split(",");
  return lines.filter((l) => l).map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ""]));
  });
}

/** The findings of one credential-report record under the thresholds. */
export function findingsOf(r: Record<string, string>, t: Thresholds, now: number): Row[] {
  const user = r.user ?? "";
  if (user === "<root_account>") return [];
  const rows: Row[] = [];
  const add = (finding: Finding, days: number | undefined, key?: number) =>
    rows.push(compact({ user, finding, key, days }));
  for (const key of [1, 2]) {
    if (r[`access_key_${key}_active`] !== "true") continue;
    const age = daysSince(date(r[`access_key_${key}_last_rotated`]), now);
    if (age !== undefined && age >= t.keyAge) add("access_key_old", age, key);
    // A key never used has been unused since it was created.
    const idle = daysSince(date(r[`access_key_${key}_last_used_date`]), now) ?? age;
    if (idle !== undefined && idle >= t.keyUnused) add("access_key_unused", idle, key);
  }
  if (r.password_enabled === "true") {
    if (r.mfa_active !== "true") add("console_no_mfa", undefined);
    const idle = daysSince(date(r.password_last_used), now) ??
      daysSince(date(r.user_creation_time), now);
    if (idle !== undefined && idle >= t.consoleInactive) add("console_inactive", idle);
  }
  return rows;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

/** The credential report, generated first when IAM has none (or an expired one); polled ≤ 20 s. */
async function credentialReport(iam: IAM, ctx: ToolContext): Promise<{ csv: string; at?: Date }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      const out = await iam.getCredentialReport({});
      return {
        csv: new TextDecoder().decode(out.Content ?? new Uint8Array()),
        ...(out.GeneratedTime ? { at: out.GeneratedTime } : {}),
      };
    } catch (err) {
      const name = (err as { name?: string })?.name ?? "";
      if (
        !/^(CredentialReportNotPresent|CredentialReportExpired|ReportNotPresent|ReportExpired|ReportInProgress|CredentialReportNotReady)/
          .test(name)
      ) {
        throw err;
      }
      if (!/InProgress|NotReady/.test(name)) await iam.generateCredentialReport({});
      await sleep(1_000, ctx.signal);
    }
  }
  throw new ToolError(
    "CredentialReportNotReady",
    "IAM is still generating the credential report",
    "retryable: call again in a minute",
  );
}

/** `iam_find_stale_credentials`: old or unused access keys, console users without MFA or idle, root. */
export const findStaleCredentials = defineTool({
  name: "iam_find_stale_credentials",
  toolset: "iam",
  title: "Find stale IAM credentials",
  description:
    "From the credential report and account summary: active access keys older than or unused for N days, console users without MFA or inactive N days, root access keys or no root MFA. Thresholds default to 90.",
  access: "read",
  idempotent: true,
  regional: false,
  iam: ["iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetAccountSummary"],
  input: z.object({
    key_age_days: z.int().min(1).max(3650).optional(),
    key_unused_days: z.int().min(1).max(3650).optional(),
    console_inactive_days: z.int().min(1).max(3650).optional(),
    ...pageInput,
  }),
  output: z.object({
    findings: z.array(findingRow),
    report_time: z.string().optional(),
    ...pageOutput,
  }),
  async handler(args, ctx) {
    const iam = await ctx.aws.client("iam");
    const thresholds = {
      keyAge: args.key_age_days ?? 90,
      keyUnused: args.key_unused_days ?? 90,
      consoleInactive: args.console_inactive_days ?? 90,
    };
    const [report, summary] = await Promise.all([
      credentialReport(iam, ctx),
      iam.getAccountSummary({}),
    ]);
    const now = Date.now();
    const map = summary.SummaryMap ?? {};
    const root: Row[] = [
      ...(map.AccountAccessKeysPresent ? [{ user: "root", finding: "root_access_keys" }] : []),
      ...(map.AccountMFAEnabled === 0 ? [{ user: "root", finding: "root_no_mfa" }] : []),
    ] as Row[];
    const all = [
      ...root,
      ...parseReport(report.csv).flatMap((r) => findingsOf(r, thresholds, now)),
    ];
    // The report is the same for hours, so later pages slice the same rows.
    const { rows, ...more } = await listPage(args, "global", () => Promise.resolve({ items: all }));
    return compact({ findings: rows, report_time: report.at?.toISOString(), ...more });
  },
});
