/** The tool policy calls of Settings › Tool policies, through the typed client, with their query key. */
import { api, unwrap } from "../../../lib/api";
import type { ToolDecision } from "./policy-pattern";

/** Query key of the stored policies (system and org). */
export const POLICIES_KEY = ["policies", "tools"] as const;

const policies = api.api.v1.policies.tools;

/** System and org policies (`GET /policies/tools`); system DENY rows are `locked`. */
export function listPolicies() {
  return unwrap(policies.$get());
}

/** Sets the org's decision on a pattern (`PUT /policies/tools`); 409 `policy_locked` under a platform DENY. */
export function putPolicy(pattern: string, decision: ToolDecision) {
  return unwrap(policies.$put({ json: { pattern, decision } }));
}

/** Removes the org's policy on a pattern (`DELETE /policies/tools?pattern=` → 204). */
export async function deletePolicy(pattern: string): Promise<void> {
  await unwrap(policies.$delete({ query: { pattern } }));
}
