/** An org's tool policies (pattern → ALLOW / ASK / DENY and/or a per-tool call limit), scoped by `OrgScope`. */
import { and, asc, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { ToolDecision, ToolLimitMap, ToolPolicyMap } from "../../tools/policy";
import { createDb } from "../client";
import { toolPolicies } from "../schema";

export type ToolPolicyRow = typeof toolPolicies.$inferSelect;

export async function listToolPolicies(d1: D1Database, scope: OrgScope): Promise<ToolPolicyRow[]> {
  return createDb(d1)
    .select()
    .from(toolPolicies)
    .where(eq(toolPolicies.orgId, scope.orgId))
    .orderBy(asc(toolPolicies.pattern));
}

/** The org's decisions and limits as maps, for `resolvePolicy` and `resolveToolLimit` (one query). */
export async function orgPolicySets(
  d1: D1Database,
  scope: OrgScope,
): Promise<{ decisions: ToolPolicyMap; limits: ToolLimitMap }> {
  const decisions: ToolPolicyMap = {};
  const limits: ToolLimitMap = {};
  for (const row of await listToolPolicies(d1, scope)) {
    // A limit-only row has no decision: the tool inherits one from a wider pattern.
    if (row.decision !== null) decisions[row.pattern] = row.decision;
    if (row.rateLimitPerMin !== null) limits[row.pattern] = row.rateLimitPerMin;
  }
  return { decisions, limits };
}

/** The org's decisions as a map, for `resolvePolicy` (limit-only rows are left out). */
export async function orgPolicyMap(d1: D1Database, scope: OrgScope): Promise<ToolPolicyMap> {
  return (await orgPolicySets(d1, scope)).decisions;
}

/**
 * Creates or replaces the policy on `pattern`. `rateLimitPerMin` undefined keeps a stored limit
 * (so a client that only sends decisions doesn't wipe limits); null removes it.
 */
export async function upsertToolPolicy(
  d1: D1Database,
  scope: OrgScope,
  values: {
    pattern: string;
    decision: ToolDecision | null;
    rateLimitPerMin?: number | null;
    updatedBy: string;
    updatedAt: number;
  },
): Promise<ToolPolicyRow> {
  const { rateLimitPerMin, ...rest } = values;
  const [row] = await createDb(d1)
    .insert(toolPolicies)
    .values({ ...rest, rateLimitPerMin: rateLimitPerMin ?? null, orgId: scope.orgId })
    .onConflictDoUpdate({
      target: [toolPolicies.orgId, toolPolicies.pattern],
      set: {
        decision: values.decision,
        ...(rateLimitPerMin === undefined ? {} : { rateLimitPerMin }),
        updatedBy: values.updatedBy,
        updatedAt: values.updatedAt,
      },
    })
    .returning();
  if (!row) throw new Error("tool policy upsert returned nothing");
  return row;
}

export async function deleteToolPolicy(d1: D1Database, scope: OrgScope, pattern: string): Promise<boolean> {
  const rows = await createDb(d1)
    .delete(toolPolicies)
    .where(and(eq(toolPolicies.orgId, scope.orgId), eq(toolPolicies.pattern, pattern)))
    .returning({ pattern: toolPolicies.pattern });
  return rows.length > 0;
}
