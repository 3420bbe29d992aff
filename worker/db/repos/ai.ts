/** Stored AI diagnoses and plans of one org. A plan leaves `proposed` once, by compare-and-set; steps are saved one by one. */
import { and, desc, eq, sql } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { Diagnosis, Plan, PlanStatus, PlanStep, RejectedStep } from "../../contracts/ai";
import { createDb } from "../client";
import { aiDiagnoses, aiPlans } from "../schema";

export type PlanRow = typeof aiPlans.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();

/** Stores a diagnosis as served. */
export async function insertDiagnosis(
  d1: D1Database,
  scope: OrgScope,
  diagnosis: Diagnosis,
  meta: { workflowId: string; errorCode: string | null; createdBy: string; createdAt: number },
): Promise<void> {
  const { diagnosis_id, run_id, model, created_at: _createdAt, ...answer } = diagnosis;
  await createDb(d1).insert(aiDiagnoses).values({
    id: diagnosis_id,
    orgId: scope.orgId,
    runId: run_id,
    workflowId: meta.workflowId,
    errorCode: meta.errorCode,
    answer,
    model,
    createdBy: meta.createdBy,
    createdAt: meta.createdAt,
  });
}

/** The summary of the run's latest diagnosis, if it has one (a plan for the run starts from it). */
export async function latestDiagnosisSummary(d1: D1Database, scope: OrgScope, runId: string): Promise<string | null> {
  const row = await createDb(d1)
    .select({ answer: aiDiagnoses.answer })
    .from(aiDiagnoses)
    .where(and(eq(aiDiagnoses.orgId, scope.orgId), eq(aiDiagnoses.runId, runId)))
    .orderBy(desc(aiDiagnoses.createdAt))
    .limit(1)
    .get();
  const summary = (row?.answer as { summary?: unknown } | undefined)?.summary;
  return typeof summary === "string" ? summary : null;
}

/** The API form of a plan row. */
export function toPlan(row: PlanRow): Plan {
  return {
    plan_id: row.id,
    goal: row.goal,
    run_id: row.runId,
    status: row.status,
    steps: row.steps as PlanStep[],
    rejected: row.rejected as RejectedStep[],
    model: row.model,
    created_by: row.createdBy,
    created_at: iso(row.createdAt),
    decided_by: row.decidedBy,
    decided_at: row.decidedAt === null ? null : iso(row.decidedAt),
  };
}

export async function insertPlan(d1: D1Database, scope: OrgScope, row: Omit<PlanRow, "orgId">): Promise<void> {
  await createDb(d1)
    .insert(aiPlans)
    .values({ ...row, orgId: scope.orgId });
}

export async function getPlan(d1: D1Database, scope: OrgScope, id: string): Promise<PlanRow | undefined> {
  return createDb(d1)
    .select()
    .from(aiPlans)
    .where(and(eq(aiPlans.orgId, scope.orgId), eq(aiPlans.id, id)))
    .get();
}

/**
 * Moves a `proposed` plan to `to`; the row after the change, or null when it wasn't `proposed` any more
 * (two approvals at once: exactly one wins, so the jobs start once).
 */
export async function decidePlan(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  to: Exclude<PlanStatus, "proposed">,
  by: string,
  at: number,
): Promise<PlanRow | null> {
  const rows = await createDb(d1)
    .update(aiPlans)
    .set({ status: to, decidedBy: by, decidedAt: at })
    .where(and(eq(aiPlans.orgId, scope.orgId), eq(aiPlans.id, id), eq(aiPlans.status, "proposed")))
    .returning();
  return rows[0] ?? null;
}

/**
 * Records step `index`'s job id or start error as soon as it is known (one step, atomically in SQL: a resumed
 * approval running beside a slow one never overwrites the other's steps).
 */
export async function savePlanStep(
  d1: D1Database,
  scope: OrgScope,
  id: string,
  index: number,
  step: PlanStep,
): Promise<void> {
  await createDb(d1)
    .update(aiPlans)
    .set({ steps: sql`json_set(${aiPlans.steps}, ${`$[${index}]`}, json(${JSON.stringify(step)}))` })
    .where(and(eq(aiPlans.orgId, scope.orgId), eq(aiPlans.id, id)));
}

/** Whether an approved plan's step still has to be started: neither a job id nor a start error recorded. */
export function isPendingStep(step: PlanStep): boolean {
  return !step.job_id && !step.start_error;
}
