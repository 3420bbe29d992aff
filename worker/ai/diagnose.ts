// Diagnosing a failed run: gather its steps, errors and recent logs (redacted) and past failures, ask the model, check it.
import type { OrgScope, Principal } from "../auth/principal";
import type { Diagnosis } from "../contracts/ai";
import { insertDiagnosis } from "../db/repos/ai";
import { similarFailures } from "../db/repos/ai-history";
import { getWorkflow } from "../db/repos/workflows";
import { AppError } from "../errors";
import { newId } from "../lib/ids";
import { getRunbook, listRunbooks, validateRunbookInputs } from "../runbooks/registry";
import { runObjectFor } from "../runs/access";
import { DiagnoseAnswer } from "./answers";
import { askModel } from "./llm";
import { catalogEntry, type DiagnoseContext, diagnoseMessages } from "./prompts";
import { orgSecretValues } from "./secrets";
import { requireAiSettings } from "./settings";
import type { RunbookCatalog } from "./validate";
import { checkSuggestedActions } from "./validate";

/** Log lines sent with the prompt: the most recent ones say the most about a failure. */
const RECENT_LOGS = 40;

/** D's registry, as the checks see it. */
export const registryCatalog: RunbookCatalog = { getRunbook, validateRunbookInputs };

interface StepRow {
  node_id: string;
  node_type: string;
  name: string;
  status: string;
  attempts: number;
  error_code: string | null;
  error_human: string | null;
  error_tech: string | null;
}

interface LogRow {
  ts: number;
  level: string;
  message_human: string;
  details_tech: string | null;
  step_id: string | null;
}

/** The run's context for the prompt, read from its run object (the D1 index proves the org owns it first). */
async function gatherContext(env: Env, scope: OrgScope, runId: string) {
  const { row, stub } = await runObjectFor(env, scope, runId);
  if (row.status !== "failed") {
    throw new AppError("conflict", `Only a failed run can be diagnosed; this one is ${row.status}`);
  }
  const [detailJson, stepsJson, logsJson, workflow] = await Promise.all([
    stub.detail(),
    stub.steps(),
    stub.logs({ afterId: 0, limit: 2_000 }),
    getWorkflow(env.DB, scope, row.workflowId),
  ]);
  const detail = JSON.parse(detailJson) as {
    input?: unknown;
    last_error_human?: string | null;
    last_error_tech?: string | null;
  };
  const steps = JSON.parse(stepsJson) as StepRow[];
  const logs = (JSON.parse(logsJson) as LogRow[]).slice(-RECENT_LOGS);
  const context: Omit<DiagnoseContext, "similar_failures"> = {
    run: {
      id: row.id,
      workflow_id: row.workflowId,
      workflow_name: workflow?.name ?? null,
      status: row.status,
      error_code: row.errorCode,
      error_human: detail.last_error_human ?? row.errorHuman,
      error_tech: detail.last_error_tech ?? null,
      trigger_type: row.triggerType,
      input: detail.input ?? null,
    },
    steps: steps.map((s) => ({
      node_id: s.node_id,
      name: s.name,
      type: s.node_type,
      status: s.status,
      attempts: s.attempts,
      error_code: s.error_code,
      error_human: s.error_human,
      error_tech: s.error_tech,
    })),
    logs: logs.map((l) => ({
      ts: new Date(l.ts).toISOString(),
      level: l.level,
      step_id: l.step_id,
      message: l.message_human,
      details: l.details_tech,
    })),
  };
  return { row, context };
}

/**
 * Diagnoses the failed run `runId` with the org's LLM and stores the diagnosis. Suggested runbooks that don't
 * exist or whose inputs don't validate are dropped, with a note in `notes`.
 * @throws AppError `not_found` (no such run here), `conflict` (not failed), `ai_not_configured`,
 * `ai_upstream_failed`, `ai_invalid_answer`
 */
export async function diagnoseRun(
  env: Env,
  scope: OrgScope,
  principal: Principal,
  runId: string,
  now: () => number,
): Promise<Diagnosis> {
  const { row, context } = await gatherContext(env, scope, runId);
  const ai = await requireAiSettings(env.DB, scope);
  const similar = await similarFailures(env.DB, scope, {
    id: row.id,
    workflowId: row.workflowId,
    errorCode: row.errorCode,
  });
  const secrets = await orgSecretValues(env, scope);
  const catalog = listRunbooks().map(catalogEntry);
  const messages = diagnoseMessages({ ...context, similar_failures: similar }, catalog, secrets);
  const answer = await askModel(env, scope, ai, messages, DiagnoseAnswer, now(), {
    run_id: row.id,
    workflow_id: row.workflowId,
  });
  const checked = checkSuggestedActions(answer.value.suggested_actions, registryCatalog);
  const createdAt = now();
  const diagnosis: Diagnosis = {
    diagnosis_id: newId("dgn"),
    run_id: row.id,
    summary: answer.value.summary,
    hypotheses: answer.value.hypotheses,
    suggested_actions: checked.actions,
    similar_failures: similar,
    notes: checked.notes,
    model: answer.model,
    created_at: new Date(createdAt).toISOString(),
  };
  await insertDiagnosis(env.DB, scope, diagnosis, {
    workflowId: row.workflowId,
    errorCode: row.errorCode,
    createdBy: principal.id,
    createdAt,
  });
  return diagnosis;
}
