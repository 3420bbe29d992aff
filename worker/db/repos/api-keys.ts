/** API keys of one org. Every function takes the `OrgScope` it works in. */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import { createDb } from "../client";
import { apiKeys } from "../schema";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toApiKey(row: typeof apiKeys.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: `fx_${row.prefix}`,
    created_at: new Date(row.createdAt).toISOString(),
    expires_at: iso(row.expiresAt),
    last_used_at: iso(row.lastUsedAt),
    revoked_at: iso(row.revokedAt),
  };
}

export async function listApiKeys(d1: D1Database, scope: OrgScope) {
  const rows = await createDb(d1)
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.orgId, scope.orgId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toApiKey);
}

export async function insertApiKey(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof apiKeys.$inferInsert, "orgId">,
) {
  const [row] = await createDb(d1)
    .insert(apiKeys)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("api key insert returned nothing");
  return row;
}

export async function getApiKey(d1: D1Database, scope: OrgScope, id: string) {
  return createDb(d1)
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.id, id)))
    .get();
}

export async function revokeApiKey(d1: D1Database, scope: OrgScope, id: string): Promise<void> {
  await createDb(d1)
    .update(apiKeys)
    .set({ revokedAt: Date.now() })
    .where(and(eq(apiKeys.orgId, scope.orgId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
}
