/** Stored AI diagnoses and plans of one org. A plan leaves `proposed` once, by compare-and-set. */
import { and, desc, eq } from "drizzle-orm";
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

/** Records each step's job id or start error after an approval. */
export async function savePlanSteps(d1: D1Database, scope: OrgScope, id: string, steps: PlanStep[]): Promise<void> {
  await createDb(d1)
    .update(aiPlans)
    .set({ steps })
    .where(and(eq(aiPlans.orgId, scope.orgId), eq(aiPlans.id, id)));
}
