import { z } from "zod";

/** An IAM user, role or group name. */
export const principalName = z.string().regex(/^[\w+=,.@-]{1,128}$/, {
  error: "expected an IAM name (letters, digits and +=,.@_-)",
});

/** The kinds of principal the IAM tools describe. */
export const PRINCIPAL_KINDS = ["user", "role", "group"] as const;

/** A path prefix such as `/service/`. */
export const pathPrefix = z.string().regex(/^\/([\x21-\x7e]*\/)?$/, {
  error: "expected a path that starts and ends with /",
});

/** A policy document as IAM returns it (URL-encoded JSON), decoded; the raw text if not JSON. */
export function decodePolicy(text: string | undefined): unknown {
  if (!text) return undefined;
  let decoded = text;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    // Already decoded (emulators), or a literal % in the text.
  }
  try {
    return JSON.parse(decoded);
  } catch {
    return decoded;
  }
}

/** Whole days from `date` to `now`. */
export function daysSince(date: Date | string | undefined, now = Date.now()): number | undefined {
  if (!date) return undefined;
  const time = new Date(date).getTime();
  return Number.isNaN(time) ? undefined : Math.floor((now - time) / 86_400_000);
}

/** `…WXYZ`: enough of an access key id to tell keys apart, not enough to use one. */
export function keySuffix(id: string | undefined): string {
  return `…${(id ?? "").slice(-4)}`;
}

interface Statement {
  Effect?: string;
  Action?: string | string[];
  Principal?: string | Record<string, string | string[]>;
  Condition?: unknown;
}

const asList = (v: string | string[] | undefined) => v === undefined ? [] : [v].flat();

/** Who a trust policy lets assume the role. */
export interface TrustSummary {
  services?: string[];
  accounts?: string[];
  federated?: string[];
  conditions?: boolean;
}

/**
 * Summarises a role's trust policy: the services, accounts (an account's root ARN as its id, other
 * principals as their ARN, `*` for anyone) and federated providers that may assume it, and
 * whether any of those grants carry conditions.
 */
export function trustSummary(document: unknown): TrustSummary {
  const raw = (document as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  const statements: Statement[] = raw === undefined ? [] : [raw].flat();
  const services = new Set<string>();
  const accounts = new Set<string>();
  const federated = new Set<string>();
  let conditions = false;
  for (const s of statements) {
    if (s.Effect !== "Allow") continue;
    if (
      !asList(s.Action).some((a) => /^sts:(AssumeRole|\*|TagSession|SetSourceIdentity)/.test(a))
    ) {
      continue;
    }
    if (s.Condition) conditions = true;
    const principal = s.Principal;
    if (principal === "*") accounts.add("*");
    else if (principal && typeof principal === "object") {
      for (const v of asList(principal.Service)) services.add(v);
      for (const v of asList(principal.Federated)) federated.add(v);
      for (const v of asList(principal.AWS)) {
        accounts.add(v.match(/^arn:aws[\w-]*:iam::(\d{12}):root$/)?.[1] ?? v);
      }
    }
  }
  const list = (set: Set<string>) => set.size ? [...set].sort() : undefined;
  const out: TrustSummary = {};
  const s = list(services), a = list(accounts), f = list(federated);
  if (s) out.services = s;
  if (a) out.accounts = a;
  if (f) out.federated = f;
  if (conditions) out.conditions = true;
  return out;
}

/** The output shape of a trust summary. */
export const trustRow = z.object({
  services: z.array(z.string()).optional(),
  accounts: z.array(z.string()).optional(),
  federated: z.array(z.string()).optional(),
  conditions: z.boolean().optional(),
});
