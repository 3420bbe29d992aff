/** Past failures like a run's (same workflow, same error code) and how each was resolved, for the diagnosis prompt. */
import { and, asc, desc, eq, gt, inArray, isNotNull, ne } from "drizzle-orm";
import type { OrgScope } from "../../auth/principal";
import type { Resolution, SimilarFailure } from "../../contracts/ai";
import { createDb } from "../client";
import { aiPlans, runs } from "../schema";

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The most recent `limit` failed runs of `workflowId` with `errorCode` (the run itself excluded), each with its
 * resolution: an approved AI plan made for it, else the next successful run of the workflow, else null.
 */
export async function similarFailures(
  d1: D1Database,
  scope: OrgScope,
  run: { id: string; workflowId: string; errorCode: string | null },
  limit = 5,
): Promise<SimilarFailure[]> {
  if (!run.errorCode) return [];
  const db = createDb(d1);
  const failures = await db
    .select()
    .from(runs)
    .where(
      and(
        eq(runs.orgId, scope.orgId),
        eq(runs.workflowId, run.workflowId),
        eq(runs.status, "failed"),
        eq(runs.errorCode, run.errorCode),
        ne(runs.id, run.id),
      ),
    )
    .orderBy(desc(runs.createdAt))
    .limit(limit);
  if (failures.length === 0) return [];
  const plans = await db
    .select({ id: aiPlans.id, goal: aiPlans.goal, runId: aiPlans.runId })
    .from(aiPlans)
    .where(
      and(
        eq(aiPlans.orgId, scope.orgId),
        eq(aiPlans.status, "approved"),
        isNotNull(aiPlans.runId),
        inArray(
          aiPlans.runId,
          failures.map((f) => f.id),
        ),
      ),
    );
  const out: SimilarFailure[] = [];
  for (const failure of failures) {
    const plan = plans.find((p) => p.runId === failure.id);
    let resolution: Resolution | null = plan ? { kind: "ai_plan", plan_id: plan.id, goal: plan.goal } : null;
    if (!resolution) {
      const next = await db
        .select({ id: runs.id, completedAt: runs.completedAt, createdAt: runs.createdAt })
        .from(runs)
        .where(
          and(
            eq(runs.orgId, scope.orgId),
            eq(runs.workflowId, run.workflowId),
            eq(runs.status, "completed"),
            gt(runs.createdAt, failure.createdAt),
          ),
        )
        .orderBy(asc(runs.createdAt))
        .limit(1)
        .get();
      if (next) resolution = { kind: "later_success", run_id: next.id, at: iso(next.completedAt ?? next.createdAt) };
    }
    out.push({
      run_id: failure.id,
      created_at: iso(failure.createdAt),
      error_code: failure.errorCode,
      error_human: failure.errorHuman,
      resolution,
    });
  }
  return out;
}
