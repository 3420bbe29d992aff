// AI plans of runbook executions: proposed by the model and checked (nothing runs), then approved once (jobs start, resumably) or rejected.
import type { OrgScope, Principal } from "../auth/principal";
import type { Plan, PlanStep } from "../contracts/ai";
import {
  decidePlan,
  getPlan,
  insertPlan,
  isPendingStep,
  latestDiagnosisSummary,
  type PlanRow,
  savePlanStep,
  toPlan,
} from "../db/repos/ai";
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
  throw notProposed(current);
}

function notProposed(row: PlanRow): AppError {
  return new AppError("plan_not_proposed", `The plan was already ${row.status}`, {
    details: { status: row.status },
  });
}

/**
 * The idempotency key of a step's job: starting the same step twice (an approval resumed after the Worker died
 * between starting the job and saving its id) returns the first job instead of a duplicate.
 */
export function planStepKey(planId: string, index: number): string {
  return `ai_plan:${planId}:${index}`;
}

/** Starts one step's job; a failure to start is recorded on the step, never dropped. */
async function startStep(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  planId: string,
  index: number,
  step: PlanStep,
): Promise<PlanStep> {
  try {
    const job = await executeRunbook(env, scope, principal, {
      name: step.runbook,
      inputs: step.inputs,
      connections: step.connections,
      source: { kind: "ai_plan", plan_id: planId },
      idempotency_key: planStepKey(planId, index),
    });
    return { ...step, job_id: job.job_id, start_error: null };
  } catch (err) {
    const appError = toAppError(err);
    if (appError.status >= 500)
      log("error", "ai: plan step could not start", { plan_id: planId, step: index, error: describeError(err) });
    const message = appError.status >= 500 ? "The job could not be started (internal error)" : appError.message;
    return { ...step, job_id: null, start_error: { code: appError.code, message } };
  }
}

/** The result of an approval: the plan with every step's job or start error, and the jobs it has. */
export interface ApprovedPlan {
  plan: Plan;
  jobs: { job_id: string; runbook: string }[];
  /** True when this call finished an approval that had been interrupted (audited as `ai.plan_resumed`). */
  resumed: boolean;
}

/**
 * Approves a proposed plan (compare-and-set: a second approval is `plan_not_proposed`), then starts exactly the
 * plan's steps as jobs, in order, with source `{ kind: "ai_plan", plan_id }`, saving each job id or start error
 * as soon as it is known. Each job has the idempotency key {@link planStepKey}, so the approval is resumable:
 * approving an `approved` plan whose steps aren't all recorded (the Worker died mid-way) starts only those steps,
 * and a job that had started without its id being saved is found again, never duplicated. A fully recorded
 * approved plan, or a rejected one, is `plan_not_proposed`.
 * @throws AppError `not_found`, `plan_not_proposed`
 */
export async function approvePlan(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  id: string,
  now: () => number,
): Promise<ApprovedPlan> {
  let row = await decidePlan(env.DB, scope, id, "approved", principal.id, now());
  const resumed = row === null;
  if (!row) {
    const current = await getPlan(env.DB, scope, id);
    if (!current) throw new AppError("not_found", "Plan not found");
    if (current.status !== "approved" || !(current.steps as PlanStep[]).some(isPendingStep)) throw notProposed(current);
    row = current;
  }
  const steps = [...(row.steps as PlanStep[])];
  // One after another: the plan's order is the operator's order (a backup before a deploy).
  for (const [index, step] of steps.entries()) {
    if (!isPendingStep(step)) continue;
    const done = await startStep(env, scope, principal, id, index, step);
    steps[index] = done;
    await savePlanStep(env.DB, scope, id, index, done);
  }
  const jobs = steps.flatMap((s) => (s.job_id ? [{ job_id: s.job_id, runbook: s.runbook }] : []));
  return { plan: toPlan({ ...row, steps }), jobs, resumed };
}

/** Rejects a proposed plan; nothing runs. @throws AppError `not_found`, `plan_not_proposed` */
export async function rejectPlan(env: Env, scope: OrgScope, principal: Principal, id: string, now: () => number) {
  return toPlan(await decide(env, scope, id, "rejected", principal.id, now()));
}
