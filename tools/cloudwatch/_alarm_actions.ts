/**
 * The alarm-action rule: an alarm is a write, but its actions can stop or terminate instances,
 * run functions and scale groups later, with nobody asked. Own-account SNS topics are free;
 * actions that change resources need the human's confirmation naming them and their targets
 * (and --require-tag on those targets); EC2 terminate also needs destructive mode; other
 * accounts' ARNs and unknown kinds are refused.
 */
import { ToolError } from "../../aws/errors.ts";
import type { TagLookup } from "../../aws/guards.ts";
import { quoted } from "../../schemas/sanitize.ts";
import type { ToolContext } from "../tool.ts";

/** One alarm action ARN, understood. */
export interface AlarmAction {
  arn: string;
  kind: "sns" | "ec2" | "lambda" | "ssm" | "autoscaling";
  /** What it does, e.g. "stop", "terminate", "invoke", "notify". */
  verb: string;
  /** The account the ARN names (EC2 automate ARNs name none: they act in the alarm's account). */
  account?: string | undefined;
  /** The function or Auto Scaling group it names. */
  target?: string | undefined;
}

const P = "arn:aws[a-z-]*";
const R = "[a-z]{2}(?:-[a-z]+)+-\\d";
const KINDS: [RegExp, (m: RegExpExecArray) => Omit<AlarmAction, "arn">][] = [
  [
    new RegExp(`^${P}:sns:${R}:(\\d{12}):[\\w-]{1,256}$`),
    (m) => ({ kind: "sns", verb: "notify", account: m[1] }),
  ],
  [
    new RegExp(`^${P}:automate:${R}:ec2:(stop|terminate|reboot|recover)$`),
    (m) => ({ kind: "ec2", verb: m[1]! }),
  ],
  [
    // The older form of the EC2 actions.
    new RegExp(
      `^${P}:swf:${R}:(\\d{12}):action/actions/AWS_EC2\\.InstanceId\\.(Stop|Terminate|Reboot)/1\\.0$`,
    ),
    (m) => ({ kind: "ec2", verb: m[2]!.toLowerCase(), account: m[1] }),
  ],
  [
    new RegExp(`^${P}:lambda:${R}:(\\d{12}):function:([\\w-]{1,64})(?::[\\w$-]{1,128})?$`),
    (m) => ({ kind: "lambda", verb: "invoke", account: m[1], target: m[2] }),
  ],
  [
    new RegExp(
      `^${P}:autoscaling:${R}:(\\d{12}):scalingPolicy:[\\w-]+:autoScalingGroupName/([^:]{1,255}):policyName/[^:]{1,255}$`,
    ),
    (m) => ({ kind: "autoscaling", verb: "scale", account: m[1], target: m[2] }),
  ],
  [
    new RegExp(`^${P}:ssm:${R}:(\\d{12}):opsitem:\\d{1,2}(?:#CATEGORY=\\w{1,32})?$`),
    (m) => ({ kind: "ssm", verb: "create an OpsItem", account: m[1] }),
  ],
  [
    new RegExp(`^${P}:ssm-incidents::(\\d{12}):response-plan/[\\w-]{1,200}$`),
    (m) => ({ kind: "ssm", verb: "start an incident", account: m[1] }),
  ],
];

/** The action an ARN names, or undefined for a kind alarms may not use through this server. */
export function parseAction(arn: string): AlarmAction | undefined {
  for (const [pattern, build] of KINDS) {
    const m = pattern.exec(arn);
    if (m) return { arn, ...build(m) };
  }
  return undefined;
}

/** The action lists of the tool's input, by field name. */
export interface ActionLists {
  name: string;
  dimensions?: Record<string, string> | undefined;
  alarm_actions?: string[] | undefined;
  ok_actions?: string[] | undefined;
  insufficient_data_actions?: string[] | undefined;
}

const FIELDS = ["alarm_actions", "ok_actions", "insufficient_data_actions"] as const;
const STATE = { alarm_actions: "ALARM", ok_actions: "OK", insufficient_data_actions: "no data" };

// Tags of Lambda functions and Auto Scaling groups need clients this server does not load, so
// under --require-tag those targets cannot be shown to carry the tag: refused, never assumed.
const uncheckable = (what: string): TagLookup => (ids) => {
  throw new ToolError(
    "RequiredTagMissing",
    `refused: the tags of ${what} ${ids.join(", ")} cannot be checked by this server`,
    "under --require-tag, alarm actions may target EC2 instances (tagged) and SNS topics",
  );
};

/**
 * Applies the rule to every action of the input: refuses foreign and unknown ARNs, EC2 terminate
 * outside destructive mode and untagged targets, then asks the human about every action that
 * changes resources. No-op for SNS-only (or action-free) alarms.
 */
export async function checkActions(args: ActionLists, ctx: ToolContext): Promise<void> {
  const actions = FIELDS.flatMap((field) =>
    (args[field] ?? []).map((arn, i) => {
      const action = parseAction(arn);
      if (!action) {
        throw new ToolError(
          "InvalidInput",
          `${field}.${i}: ${arn} is not an alarm action this server allows`,
          "use SNS topics, EC2 stop/reboot/recover/terminate, Lambda, SSM or Auto Scaling ARNs of this account",
        );
      }
      return { field, action };
    })
  );
  if (actions.length === 0) return;
  const { account } = await ctx.aws.identity();
  for (const { field, action } of actions) {
    if (action.account !== undefined && action.account !== account) {
      throw new ToolError(
        "ActionNotAllowed",
        `${field}: ${action.arn} is in account ${action.account}, not this one (${account})`,
        "alarm actions may only use this account's topics, functions and groups",
      );
    }
  }
  const acting = actions.filter(({ action }) => action.kind !== "sns");
  if (acting.length === 0) return;
  if (acting.some(({ action }) => action.kind === "ec2" && action.verb === "terminate")) {
    ctx.guard.requireMode("destructive", "the EC2 terminate alarm action");
  }
  const instance = args.dimensions?.InstanceId;
  const ec2 = acting.filter(({ action }) => action.kind === "ec2");
  if (ec2.length && !instance) {
    throw new ToolError(
      "InvalidInput",
      `${ec2[0]!.field}: EC2 actions need an alarm on one instance (dimensions.InstanceId)`,
      "add the InstanceId dimension, or use an SNS topic",
    );
  }
  if (instance && ec2.length) await ctx.guard.requireTag([instance]);
  const functions = acting.flatMap(({ action: a }) => a.kind === "lambda" ? [a.target!] : []);
  if (functions.length) await ctx.guard.requireTag(functions, uncheckable("Lambda functions"));
  const groups = acting.flatMap(({ action: a }) => a.kind === "autoscaling" ? [a.target!] : []);
  if (groups.length) await ctx.guard.requireTag(groups, uncheckable("Auto Scaling groups"));

  const targetOf = (a: AlarmAction) =>
    a.kind === "ec2"
      ? `EC2 instance ${instance}`
      : a.target
      ? `${a.kind === "lambda" ? "Lambda function" : "Auto Scaling group"} ${a.target}`
      : "SSM";
  const targets = [...new Set(acting.map(({ action }) => targetOf(action)))];
  const n = acting.length;
  const lines = acting.map(({ field, action }) =>
    `on ${STATE[field]}: ${action.verb} ${targetOf(action)}`
  );
  await ctx.guard.confirm(
    `${n} alarm action${n === 1 ? "" : "s"} on ${targets.join(", ")}: ${lines.join("; ")} (alarm ${
      quoted(args.name)
    })`,
  );
}
