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

/**
 * Sets the org's decision and per-tool limit on a pattern (`PUT /policies/tools`); `decision` null keeps only the
 * limit, `rateLimitPerMin` null removes it. 409 `policy_locked` when allowing under a platform DENY.
 */
export function putPolicy(pattern: string, decision: ToolDecision | null, rateLimitPerMin: number | null) {
  return unwrap(policies.$put({ json: { pattern, decision, rate_limit_per_min: rateLimitPerMin } }));
}

/** Removes the org's policy on a pattern (`DELETE /policies/tools?pattern=` → 204). */
export async function deletePolicy(pattern: string): Promise<void> {
  await unwrap(policies.$delete({ query: { pattern } }));
}
