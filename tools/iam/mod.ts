import { describePrincipal } from "./describe_principal.ts";
import { findStaleCredentials } from "./find_stale_credentials.ts";
import { getPolicyDocument } from "./get_policy_document.ts";
import { listPolicies } from "./list_policies.ts";
import { listRoles } from "./list_roles.ts";
import { listUsers } from "./list_users.ts";
import { simulatePrincipalPolicy } from "./simulate_principal_policy.ts";

/** IAM tools, read-only: users, roles, groups, policies, stale credentials and the simulator. */
export const iamTools = [
  listUsers,
  listRoles,
  describePrincipal,
  getPolicyDocument,
  listPolicies,
  findStaleCredentials,
  simulatePrincipalPolicy,
];
