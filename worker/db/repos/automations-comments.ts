/** Comments per org on a run or any reference, added by signed callbacks (`add_comment`). */
import { and, asc, eq } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { Comment } from "../../contracts/automations-callbacks";
import { createDb } from "../client";
import { comments } from "../schema";

type CommentRow = typeof comments.$inferSelect;

export function toComment(row: CommentRow): Comment {
  return {
    id: row.id,
    target: row.target,
    body: row.body,
    author: row.author,
    source: row.source,
    created_at: new Date(row.createdAt).toISOString(),
  };
}

export async function insertComment(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof comments.$inferInsert, "orgId">,
): Promise<CommentRow> {
  const [row] = await createDb(d1)
    .insert(comments)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("comment insert returned nothing");
  return row;
}

/** A target's comments, oldest first (at most `limit`). */
export async function listComments(d1: D1Database, scope: OrgScope, target: string, limit = 100): Promise<Comment[]> {
  const rows = await createDb(d1)
    .select()
    .from(comments)
    .where(and(eq(comments.orgId, scope.orgId), eq(comments.target, target)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .limit(limit);
  return rows.map(toComment);
}
