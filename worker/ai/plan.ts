// AI plans of runbook executions: proposed by the model and checked (nothing runs), then approved once (jobs start) or rejected.
import type { OrgScope, Principal } from "../auth/principal";
import type { Plan, PlanStep } from "../contracts/ai";
import { decidePlan, getPlan, insertPlan, latestDiagnosisSummary, savePlanSteps, toPlan } from "../db/repos/ai";
import { configOf, listConnections } from "../db/repos/connections";
import { AppError, toAppError } from "../errors";
import { newId } from "../lib/ids";
import { describeError, log } from "../lib/log";
import { executeRunbook } from "../runbooks/execute";
import { listRunbooks } from "../runbooks/registry";
import { getRunRow } from "../runs/access";
import { PlanAnswer } from "./answers";
import { registryCatalog } from "./diagnose";
import { askModel } from "./llm";
import { type ConnectionEntry, catalogEntry, planMessages } from "./prompts";
import { orgSecretValues } from "./secrets";
import { requireAiSettings } from "./settings";
import { checkPlanSteps } from "./validate";

function hostOf(url: string | undefined): string | null {
  return url && URL.canParse(url) ? new URL(url).host : null;
}

/**
 * Asks the model for a plan towards `goal` and stores it as `proposed`. Steps whose runbook is unknown, whose
 * inputs don't validate or whose connections aren't the org's go to `rejected` with the reason. Nothing executes.
 * @throws AppError `not_found` (run_id of no run here), `ai_not_configured`, `ai_upstream_failed`, `ai_invalid_answer`
 */
export async function proposePlan(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  request: { goal: string; run_id?: string | undefined },
  now: () => number,
): Promise<Plan> {
  const run = request.run_id ? await getRunRow(env.DB, scope, request.run_id) : null;
  const ai = await requireAiSettings(env.DB, scope);
  const rows = await listConnections(env.DB, scope);
  const connections: ConnectionEntry[] = rows.map((row) => ({
    id: row.id,
    name: row.name,
    type: row.type,
    host: hostOf(configOf(row).base_url),
  }));
  const secrets = await orgSecretValues(env, scope, rows);
  const catalog = listRunbooks().map(catalogEntry);
  // The run's latest diagnosis says more than its error line; either tells the model what went wrong.
  const runSummary = run ? ((await latestDiagnosisSummary(env.DB, scope, run.id)) ?? run.errorHuman) : null;
  const messages = planMessages({ goal: request.goal, run_summary: runSummary }, catalog, connections, secrets);
  const answer = await askModel(env, scope, ai, messages, PlanAnswer, now());
  const checked = checkPlanSteps(answer.value.steps, registryCatalog, new Set(rows.map((row) => row.id)));
  const row = {
    id: newId("plan"),
    runId: run?.id ?? null,
    goal: request.goal,
    status: "proposed" as const,
    steps: checked.steps,
    rejected: checked.rejected,
    model: answer.model,
    createdBy: principal.id,
    createdAt: now(),
    decidedBy: null,
    decidedAt: null,
  };
  await insertPlan(env.DB, scope, row);
  return toPlan({ ...row, orgId: scope.orgId });
}

/** The plan `id` of the org. @throws AppError `not_found` */
export async function readPlan(env: Env, scope: OrgScope, id: string): Promise<Plan> {
  const row = await getPlan(env.DB, scope, id);
  if (!row) throw new AppError("not_found", "Plan not found");
  return toPlan(row);
}

async function decide(env: Env, scope: OrgScope, id: string, to: "approved" | "rejected", by: string, at: number) {
  const row = await decidePlan(env.DB, scope, id, to, by, at);
  if (row) return row;
  const current = await getPlan(env.DB, scope, id);
  if (!current) throw new AppError("not_found", "Plan not found");
  throw new AppError("plan_not_proposed", `The plan was already ${current.status}`, {
    details: { status: current.status },
  });
}

/** Starts one step's job; a failure to start is recorded on the step, never dropped. */
async function startStep(env: Env, scope: OrgScope, principal: Principal, planId: string, step: PlanStep) {
  try {
    const job = await executeRunbook(env, scope, principal, {
      name: step.runbook,
      inputs: step.inputs,
      connections: step.connections,
      source: { kind: "ai_plan", plan_id: planId },
    });
    return { ...step, job_id: job.job_id, start_error: null };
  } catch (err) {
    const appError = toAppError(err);
    if (appError.status >= 500)
      log("error", "ai: plan step could not start", { plan_id: planId, error: describeError(err) });
    const message = appError.status >= 500 ? "The job could not be started (internal error)" : appError.message;
    return { ...step, job_id: null, start_error: { code: appError.code, message } };
  }
}

/**
 * Approves a proposed plan (compare-and-set: a second approval is `plan_not_proposed`), then starts exactly the
 * plan's steps as jobs, in order, with source `{ kind: "ai_plan", plan_id }`, and records each job id or start error.
 */
export async function approvePlan(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  id: string,
  now: () => number,
): Promise<{ plan: Plan; jobs: { job_id: string; runbook: string }[] }> {
  const row = await decide(env, scope, id, "approved", principal.id, now());
  const steps: PlanStep[] = [];
  // One after another: the plan's order is the operator's order (a backup before a deploy).
  for (const step of row.steps as PlanStep[]) steps.push(await startStep(env, scope, principal, id, step));
  await savePlanSteps(env.DB, scope, id, steps);
  const jobs = steps.flatMap((s) => (s.job_id ? [{ job_id: s.job_id, runbook: s.runbook }] : []));
  return { plan: toPlan({ ...row, steps }), jobs };
}

/** Rejects a proposed plan; nothing runs. @throws AppError `not_found`, `plan_not_proposed` */
export async function rejectPlan(env: Env, scope: OrgScope, principal: Principal, id: string, now: () => number) {
  return toPlan(await decide(env, scope, id, "rejected", principal.id, now()));
}
