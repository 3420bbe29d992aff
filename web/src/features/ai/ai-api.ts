// The Ask AI panel's server calls (typed client over the worker's contracts).
import { api, unwrap } from "../../lib/api";

/** `POST /ai/diagnose` for a failed run. */
export function diagnoseRun(runId: string) {
  return unwrap(api.api.v1.ai.diagnose.$post({ json: { run_id: runId } }));
}

/** `POST /ai/plan`: a proposed plan; nothing runs. */
export function proposePlan(goal: string, runId: string) {
  return unwrap(api.api.v1.ai.plan.$post({ json: { goal, run_id: runId } }));
}

/** `POST /ai/plan/:id/approve`: starts exactly the plan's jobs. */
export function approvePlan(planId: string) {
  return unwrap(api.api.v1.ai.plan[":id"].approve.$post({ param: { id: planId } }));
}

/** `POST /ai/plan/:id/reject`. */
export function rejectPlan(planId: string) {
  return unwrap(api.api.v1.ai.plan[":id"].reject.$post({ param: { id: planId } }));
}

export type DiagnosisView = Awaited<ReturnType<typeof diagnoseRun>>;
export type PlanView = Awaited<ReturnType<typeof proposePlan>>;
export type ApprovalView = Awaited<ReturnType<typeof approvePlan>>;
