/**
 * A local stand-in for IAM's policy simulator (moto has none): it speaks SimulatePrincipalPolicy's
 * wire protocol (AWS query: a form-encoded POST, an XML answer), evaluates the principal's
 * identity policies the way IAM does for identity policies alone (an explicit Deny wins, then an
 * Allow, else an implicit deny; `*` and `?` wildcards in actions and resources), pages its answer
 * with Marker, and forwards every other request (STS for the account id …) to moto.
 */
import { forward, type StandIn, startStandIn } from "./_standin.ts";

/** One identity-policy statement. */
export interface SimStatement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
}

/** The stand-in's principals: ARN → policy id → statements. */
export type SimPrincipals = Record<string, Record<string, SimStatement[]>>;

const XMLNS = "https://iam.amazonaws.com/doc/2010-05-08/";

const escape = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function wildcard(pattern: string, value: string, caseless: boolean): boolean {
  const source = pattern.split("").map((c) =>
    c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")
  ).join("");
  return new RegExp(`^${source}$`, caseless ? "i" : "").test(value);
}

const list = (v: string | string[]) => [v].flat();

function queryError(status: number, code: string, message: string): Response {
  return new Response(
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${
      escape(message)
    }</Message></Error><RequestId>stand-in</RequestId></ErrorResponse>`,
    { status, headers: { "content-type": "text/xml" } },
  );
}

/** The list members of a query-protocol request: `ActionNames.member.1` … in order. */
function members(form: URLSearchParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; form.has(`${name}.member.${i}`); i++) out.push(form.get(`${name}.member.${i}`)!);
  return out;
}

/** Serves SimulatePrincipalPolicy over `principals`; `pageSize` results per page. */
export function startIamSimulatorStandIn(
  principals: SimPrincipals,
  options: { forwardTo?: string; pageSize?: number } = {},
): StandIn & { simulations: URLSearchParams[] } {
  const simulations: URLSearchParams[] = [];
  const standIn = startStandIn((request, body) => {
    const form = new URLSearchParams(body);
    const isIam = (request.headers.get("authorization") ?? "").includes("/iam/aws4_request");
    if (!isIam || form.get("Action") !== "SimulatePrincipalPolicy") {
      if (!options.forwardTo) return queryError(400, "InvalidAction", "stand-in: not faked");
      return forward(request, body, options.forwardTo);
    }
    simulations.push(form);
    if (form.get("Version") !== "2010-05-08") {
      return queryError(400, "InvalidParameterValue", "Version must be 2010-05-08");
    }
    const arn = form.get("PolicySourceArn") ?? "";
    const policies = principals[arn];
    if (!policies) return queryError(404, "NoSuchEntity", `The principal ${arn} cannot be found`);
    const actions = members(form, "ActionNames");
    if (actions.length === 0) return queryError(400, "ValidationError", "ActionNames is required");
    const resources = members(form, "ResourceArns");
    const results: string[] = [];
    for (const action of actions) {
      for (const resource of resources.length ? resources : ["*"]) {
        const matched = Object.entries(policies).flatMap(([id, statements]) =>
          statements.flatMap((s, i) =>
            list(s.Action).some((a) => wildcard(a, action, true)) &&
              list(s.Resource).some((r) => wildcard(r, resource, false))
              ? [{ id, effect: s.Effect, line: i + 1 }]
              : []
          )
        );
        const deny = matched.filter((m) => m.effect === "Deny");
        const allow = matched.filter((m) => m.effect === "Allow");
        const [decision, shown] = deny.length
          ? ["explicitDeny", deny]
          : allow.length
          ? ["allowed", allow]
          : ["implicitDeny", []];
        results.push(
          `<member><EvalActionName>${escape(action)}</EvalActionName><EvalResourceName>${
            escape(resource)
          }</EvalResourceName><EvalDecision>${decision}</EvalDecision><MatchedStatements>${
            shown.map((m) =>
              `<member><SourcePolicyId>${
                escape(m.id)
              }</SourcePolicyId><SourcePolicyType>IAM Policy</SourcePolicyType><StartPosition><Line>${m.line}</Line><Column>1</Column></StartPosition></member>`
            ).join("")
          }</MatchedStatements><MissingContextValues/></member>`,
        );
      }
    }
    const offset = Number(form.get("Marker") ?? "0");
    const size = options.pageSize ?? 100;
    const page = results.slice(offset, offset + size);
    const more = offset + size < results.length;
    return new Response(
      `<SimulatePrincipalPolicyResponse xmlns="${XMLNS}"><SimulatePrincipalPolicyResult><IsTruncated>${more}</IsTruncated>${
        more ? `<Marker>${offset + size}</Marker>` : ""
      }<EvaluationResults>${
        page.join("")
      }</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>${crypto.randomUUID()}</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
      { headers: { "content-type": "text/xml" } },
    );
  });
  return { ...standIn, simulations };
}
