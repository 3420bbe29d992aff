/** Members and invites of one org. Every function takes the `OrgScope` it works in. */
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { Role } from "../../contracts/roles";
import { createDb } from "../client";
import { invites, memberships, organizations, refreshTokens, users } from "../schema";

export async function listMembers(d1: D1Database, scope: OrgScope) {
  const rows = await createDb(d1)
    .select({ user: users, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, scope.orgId))
    .orderBy(asc(memberships.createdAt));
  return rows.map((r) => ({
    user_id: r.user.id,
    email: r.user.email,
    name: r.user.name,
    role: r.role,
    joined_at: new Date(r.joinedAt).toISOString(),
  }));
}

export async function getMemberRole(d1: D1Database, scope: OrgScope, userId: string): Promise<Role | null> {
  const row = await createDb(d1)
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId)))
    .get();
  return row?.role ?? null;
}

export async function countOwners(d1: D1Database, scope: OrgScope): Promise<number> {
  const rows = await createDb(d1)
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.role, "owner")));
  return rows.length;
}

export async function setMemberRole(d1: D1Database, scope: OrgScope, userId: string, role: Role): Promise<void> {
  await createDb(d1)
    .update(memberships)
    .set({ role })
    .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId)));
}

/** Removes the membership and revokes the member's sessions in this org. */
export async function removeMember(d1: D1Database, scope: OrgScope, userId: string): Promise<void> {
  const db = createDb(d1);
  await db.batch([
    db.delete(memberships).where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, userId))),
    db
      .update(refreshTokens)
      .set({ revokedAt: Date.now() })
      .where(
        and(eq(refreshTokens.orgId, scope.orgId), eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)),
      ),
  ]);
}

export async function addMember(d1: D1Database, scope: OrgScope, userId: string, role: Role): Promise<void> {
  await createDb(d1).insert(memberships).values({ orgId: scope.orgId, userId, role });
}

export async function listPendingInvites(d1: D1Database, scope: OrgScope, now = Date.now()) {
  const rows = await createDb(d1)
    .select()
    .from(invites)
    .where(
      and(
        eq(invites.orgId, scope.orgId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .orderBy(asc(invites.createdAt));
  return rows.map(toInvite);
}

export function toInvite(row: typeof invites.$inferSelect) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expires_at: new Date(row.expiresAt).toISOString(),
    created_at: new Date(row.createdAt).toISOString(),
  };
}

export async function createInvite(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof invites.$inferInsert, "orgId">,
) {
  const [row] = await createDb(d1)
    .insert(invites)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("invite insert returned nothing");
  return row;
}

/** Revokes a pending invite; false when there is none with that id in this org. */
export async function revokeInvite(d1: D1Database, scope: OrgScope, inviteId: string): Promise<boolean> {
  const rows = await createDb(d1)
    .update(invites)
    .set({ revokedAt: Date.now() })
    .where(
      and(
        eq(invites.orgId, scope.orgId),
        eq(invites.id, inviteId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
      ),
    )
    .returning({ id: invites.id });
  return rows.length > 0;
}

export async function getOrg(d1: D1Database, scope: OrgScope) {
  return createDb(d1).select().from(organizations).where(eq(organizations.id, scope.orgId)).get();
}
