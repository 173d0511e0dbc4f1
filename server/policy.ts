import type { Access, ToolMeta } from "../tools/tool.ts";

/** One `Allow` statement of an identity-based IAM policy. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: "*";
}

/** An IAM policy document. */
export interface IamPolicy {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

// The read Sid matches the README's generated read-only policy (scripts/docs.ts), so the two
// stay byte-identical for a read-only selection.
const GROUPS: readonly { access: Access; sid: string }[] = [
  { access: "read", sid: "AwsMcpReadOnly" },
  { access: "write", sid: "AwsMcpWrite" },
  { access: "destructive", sid: "AwsMcpDestructive" },
];

/**
 * The least-privilege policy for a set of tools: exactly the union of their `iam` lists, one
 * statement per access level that has any (read, write, destructive), actions sorted and each
 * listed once, in the statement of the least privileged tool that needs it.
 */
export function policyFor(tools: readonly ToolMeta[]): IamPolicy {
  const seen = new Set<string>();
  const statements: PolicyStatement[] = [];
  for (const { access, sid } of GROUPS) {
    const actions = [
      ...new Set(tools.filter((t) => t.access === access).flatMap((t) => t.iam)),
    ].filter((a) => !seen.has(a)).sort();
    for (const action of actions) seen.add(action);
    if (actions.length) {
      statements.push({ Sid: sid, Effect: "Allow", Action: actions, Resource: "*" });
    }
  }
  return { Version: "2012-10-17", Statement: statements };
}
