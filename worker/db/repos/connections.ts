/** Connections of one org. Every function takes the `OrgScope` it works in; none returns a secret to callers of `toConnection`. */
import { and, asc, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import { type ConnectionConfig, isUsable } from "../../connections/credentials";
import type { Connection } from "../../contracts/connections";
import { createDb } from "../client";
import { connections } from "../schema";

export type ConnectionRow = typeof connections.$inferSelect;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The config column, typed (it is only ever written from `ConnectionConfig`). */
export function configOf(row: Pick<ConnectionRow, "config">): ConnectionConfig {
  return (row.config ?? {}) as ConnectionConfig;
}

/** The API form of a row: type, name, masked hint, plain config; never the sealed secret. */
export function toConnection(row: ConnectionRow, now: number): Connection {
  const { base_url, refreshable: _refreshable, ...config } = configOf(row);
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    hint: row.hint,
    base_url: base_url ?? null,
    config,
    status: isUsable({ expiresAt: row.expiresAt, config: configOf(row) }, now) ? "ok" : "expired",
    expires_at: iso(row.expiresAt),
    last_used_at: iso(row.lastUsedAt),
    created_at: new Date(row.createdAt).toISOString(),
    updated_at: new Date(row.updatedAt).toISOString(),
  };
}

export async function listConnections(d1: D1Database, scope: OrgScope): Promise<ConnectionRow[]> {
  return createDb(d1)
    .select()
    .from(connections)
    .where(eq(connections.orgId, scope.orgId))
    .orderBy(asc(connections.name));
}

export async function getConnection(d1: D1Database, scope: OrgScope, id: string): Promise<ConnectionRow | undefined> {
  return createDb(d1)
    .select()
    .from(connections)
    .where(and(eq(connections.orgId, scope.orgId), eq(connections.id, id)))
    .get();
}

export async function getConnectionByName(d1: D1Database, scope: OrgScope, name: string) {
  return createDb(d1)
    .select({ id: connections.id })
    .from(connections)
    .where(and(eq(connections.orgId, scope.orgId), eq(connections.name, name)))
    .get();
}

export async function insertConnection(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof connections.$inferInsert, "orgId">,
): Promise<ConnectionRow> {
  const [row] = await createDb(d1)
    .insert(connections)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("connection insert returned nothing");
  return row;
}

export async function updateConnection(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  values: Partial<Omit<typeof connections.$inferInsert, "orgId" | "id">>,
): Promise<ConnectionRow | undefined> {
  const [row] = await createDb(d1)
    .update(connections)
    .set(values)
    .where(and(eq(connections.orgId, scope.orgId), eq(connections.id, id)))
    .returning();
  return row;
}

export async function deleteConnection(d1: D1Database, scope: OrgScope, id: string): Promise<boolean> {
  const rows = await createDb(d1)
    .delete(connections)
    .where(and(eq(connections.orgId, scope.orgId), eq(connections.id, id)))
    .returning({ id: connections.id });
  return rows.length > 0;
}

/** Ids of the org's connections steps can use at `now` (preflight's `connectionIds`). */
export async function usableConnectionIds(d1: D1Database, scope: OrgScope, now: number): Promise<Set<string>> {
  return new Set((await usableConnections(d1, scope, now)).keys());
}

/** The org's usable connections by id, with their base URL (null when the connection isn't pinned to one). */
export async function usableConnections(
  d1: D1Database,
  scope: OrgScope,
  now: number,
): Promise<Map<string, { base_url: string | null }>> {
  const rows = await createDb(d1)
    .select({ id: connections.id, expiresAt: connections.expiresAt, config: connections.config })
    .from(connections)
    .where(eq(connections.orgId, scope.orgId));
  return new Map(
    rows
      .filter((r) => isUsable({ expiresAt: r.expiresAt, config: configOf(r) }, now))
      .map((r) => [r.id, { base_url: configOf(r).base_url ?? null }]),
  );
}
