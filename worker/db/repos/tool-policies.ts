/** An org's tool policies (pattern → ALLOW / ASK / DENY), scoped by `OrgScope`. */
import { and, asc, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { ToolDecision, ToolPolicyMap } from "../../tools/policy";
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

/** The org's policies as a map, for `resolvePolicy`. */
export async function orgPolicyMap(d1: D1Database, scope: OrgScope): Promise<ToolPolicyMap> {
  const map: ToolPolicyMap = {};
  for (const row of await listToolPolicies(d1, scope)) map[row.pattern] = row.decision;
  return map;
}

/** Creates or replaces the decision for `pattern`. */
export async function upsertToolPolicy(
  d1: D1Database,
  scope: OrgScope,
  values: { pattern: string; decision: ToolDecision; updatedBy: string; updatedAt: number },
): Promise<ToolPolicyRow> {
  const [row] = await createDb(d1)
    .insert(toolPolicies)
    .values({ ...values, orgId: scope.orgId })
    .onConflictDoUpdate({
      target: [toolPolicies.orgId, toolPolicies.pattern],
      set: { decision: values.decision, updatedBy: values.updatedBy, updatedAt: values.updatedAt },
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
