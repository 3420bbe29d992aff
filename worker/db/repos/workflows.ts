/** The workflow catalog of one org: workflows, drafts and immutable versions. Every function takes its `OrgScope`. */
import { and, desc, eq, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { DraftGraph, WorkflowSummary } from "../../contracts/workflows";
import { createDb } from "../client";
import { workflows, workflowVersions } from "../schema";

export type WorkflowRow = typeof workflows.$inferSelect;
export type VersionRow = typeof workflowVersions.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

export function toSummary(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    tags: row.tags as string[],
    is_template: row.isTemplate,
    status: row.status,
    latest_version: row.latestVersion,
    draft_revision: row.draftRevision,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
    archived_at: row.archivedAt === null ? null : iso(row.archivedAt),
  };
}

export function toVersion(row: VersionRow) {
  return {
    workflow_id: row.workflowId,
    version: row.version,
    name: row.name,
    description: row.description,
    graph: row.graph as DraftGraph,
    note: row.note,
    published_by: row.publishedBy,
    published_at: iso(row.publishedAt),
  };
}

export async function getWorkflow(d1: D1Database, scope: OrgScope, id: string): Promise<WorkflowRow | undefined> {
  return createDb(d1)
    .select()
    .from(workflows)
    .where(and(eq(workflows.orgId, scope.orgId), eq(workflows.id, id)))
    .get();
}

export interface ListFilter {
  q?: string;
  tag?: string;
  status: "active" | "archived" | "all";
  isTemplate?: boolean;
  after?: { updatedAt: number; id: string };
  limit: number;
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

export async function listWorkflows(d1: D1Database, scope: OrgScope, filter: ListFilter): Promise<WorkflowRow[]> {
  // Runbook workflows are an implementation detail of jobs: never listed beside the org's own workflows.
  const where: SQL[] = [eq(workflows.orgId, scope.orgId), isNull(workflows.runbook)];
  if (filter.status !== "all") where.push(eq(workflows.status, filter.status));
  if (filter.isTemplate !== undefined) where.push(eq(workflows.isTemplate, filter.isTemplate));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    const match = or(
      sql`${workflows.name} LIKE ${pattern} ESCAPE '\\'`,
      sql`${workflows.description} LIKE ${pattern} ESCAPE '\\'`,
    );
    if (match) where.push(match);
  }
  if (filter.tag) {
    where.push(sql`EXISTS (SELECT 1 FROM json_each(${workflows.tags}) WHERE json_each.value = ${filter.tag})`);
  }
  if (filter.after) {
    const { updatedAt, id } = filter.after;
    const keyset = or(
      lt(workflows.updatedAt, updatedAt),
      and(eq(workflows.updatedAt, updatedAt), lt(workflows.id, id)),
    );
    if (keyset) where.push(keyset);
  }
  return createDb(d1)
    .select()
    .from(workflows)
    .where(and(...where))
    .orderBy(desc(workflows.updatedAt), desc(workflows.id))
    .limit(filter.limit);
}

export async function insertWorkflow(
  d1: D1Database,
  scope: OrgScope,
  values: Omit<typeof workflows.$inferInsert, "orgId">,
) {
  const [row] = await createDb(d1)
    .insert(workflows)
    .values({ ...values, orgId: scope.orgId })
    .returning();
  if (!row) throw new Error("workflow insert returned nothing");
  return row;
}

export async function updateWorkflowMeta(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  values: Partial<Pick<WorkflowRow, "name" | "description" | "tags" | "isTemplate" | "status" | "archivedAt">>,
): Promise<WorkflowRow | undefined> {
  const [row] = await createDb(d1)
    .update(workflows)
    .set({ ...values, updatedAt: Date.now() })
    .where(and(eq(workflows.orgId, scope.orgId), eq(workflows.id, id)))
    .returning();
  return row;
}

/**
 * Saves a draft only if it is still at `expectedRevision` (optimistic concurrency). Returns the
 * new row, or undefined when someone saved in between.
 */
export async function saveDraft(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  graph: DraftGraph,
  expectedRevision: number,
) {
  const [row] = await createDb(d1)
    .update(workflows)
    .set({ draftGraph: graph, draftRevision: expectedRevision + 1, updatedAt: Date.now() })
    .where(and(eq(workflows.orgId, scope.orgId), eq(workflows.id, id), eq(workflows.draftRevision, expectedRevision)))
    .returning();
  return row;
}

/**
 * Publishes `graph` as version `latest + 1`, atomically: one D1 batch (a transaction) claims the
 * number with a conditional update and inserts the version only if the claim held. A concurrent
 * publish of the same number fails cleanly (undefined), and no number is ever skipped.
 */
export async function publishVersion(
  d1: D1Database,
  scope: OrgScope,
  row: WorkflowRow,
  graph: DraftGraph,
  publishedBy: string,
  note: string | undefined,
): Promise<VersionRow | undefined> {
  const version = row.latestVersion + 1;
  const now = Date.now();
  let claimed = false;
  try {
    const [update] = await d1.batch([
      d1
        .prepare(
          "UPDATE workflows SET latest_version = ?1, updated_at = ?2 WHERE org_id = ?3 AND id = ?4 AND latest_version = ?5",
        )
        .bind(version, now, scope.orgId, row.id, row.latestVersion),
      d1
        .prepare(
          `INSERT INTO workflow_versions (workflow_id, version, org_id, name, description, graph, note, published_by, published_at)
           SELECT id, ?1, org_id, name, description, ?2, ?3, ?4, ?5 FROM workflows
           WHERE org_id = ?6 AND id = ?7 AND latest_version = ?1 AND changes() = 1`,
        )
        .bind(version, JSON.stringify(graph), note ?? null, publishedBy, now, scope.orgId, row.id),
    ]);
    claimed = (update?.meta.changes ?? 0) === 1;
  } catch (err) {
    if (/UNIQUE|constraint/i.test(String(err))) return undefined;
    throw err;
  }
  return claimed ? getVersion(d1, scope, row.id, version) : undefined;
}

export async function listVersions(d1: D1Database, scope: OrgScope, workflowId: string): Promise<VersionRow[]> {
  return createDb(d1)
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.orgId, scope.orgId), eq(workflowVersions.workflowId, workflowId)))
    .orderBy(desc(workflowVersions.version));
}

export async function getVersion(d1: D1Database, scope: OrgScope, workflowId: string, version: number) {
  return createDb(d1)
    .select()
    .from(workflowVersions)
    .where(
      and(
        eq(workflowVersions.orgId, scope.orgId),
        eq(workflowVersions.workflowId, workflowId),
        eq(workflowVersions.version, version),
      ),
    )
    .get();
}

/** Deletes a workflow that was never published (nothing can reference it). */
export async function deleteUnpublished(d1: D1Database, scope: OrgScope, id: string): Promise<boolean> {
  const rows = await createDb(d1)
    .delete(workflows)
    .where(and(eq(workflows.orgId, scope.orgId), eq(workflows.id, id), eq(workflows.latestVersion, 0)))
    .returning({ id: workflows.id });
  return rows.length > 0;
}
