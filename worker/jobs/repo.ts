/** Jobs in D1: the runs index rows of kind `job`, and the hidden workflow behind each (org, runbook). Org-scoped. */
import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { OrgScope } from "../auth/principal";
import type { RunStatus } from "../contracts/runs";
import { createDb } from "../db/client";
import type { WorkflowRow } from "../db/repos/workflows";
import { runs, workflows } from "../db/schema";
import { AppError } from "../errors";

export type JobRow = typeof runs.$inferSelect;

/** The org's hidden workflow instantiated from runbook `name`, if it was ever executed there. */
export async function findRunbookWorkflow(
  d1: D1Database,
  scope: OrgScope,
  name: string,
): Promise<WorkflowRow | undefined> {
  return createDb(d1)
    .select()
    .from(workflows)
    .where(and(eq(workflows.orgId, scope.orgId), eq(workflows.runbook, name)))
    .get();
}

/** A job of the caller's org; another org's job, a workflow run or nothing at all is the same 404. */
export async function getJobRow(d1: D1Database, scope: OrgScope, id: string): Promise<JobRow> {
  const row = await createDb(d1)
    .select()
    .from(runs)
    .where(and(eq(runs.orgId, scope.orgId), eq(runs.id, id), eq(runs.kind, "job")))
    .get();
  if (!row) throw new AppError("not_found", "Job not found");
  return row;
}

export interface JobFilter {
  runbook?: string;
  status?: RunStatus;
  /** Keyset: jobs strictly older than this (created_at, id). */
  before?: { createdAt: number; id: string };
  limit: number;
}

/** The org's jobs, newest first. */
export async function listJobRows(d1: D1Database, scope: OrgScope, filter: JobFilter): Promise<JobRow[]> {
  const where: SQL[] = [eq(runs.orgId, scope.orgId), eq(runs.kind, "job")];
  if (filter.runbook) where.push(eq(runs.runbook, filter.runbook));
  if (filter.status) where.push(eq(runs.status, filter.status));
  if (filter.before) {
    const { createdAt, id } = filter.before;
    const keyset = or(lt(runs.createdAt, createdAt), and(eq(runs.createdAt, createdAt), lt(runs.id, id)));
    if (keyset) where.push(keyset);
  }
  return createDb(d1)
    .select()
    .from(runs)
    .where(and(...where))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(filter.limit);
}
