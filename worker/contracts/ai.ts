/** Contracts of AI operations (`/api/v1/ai`): diagnose a failed run, propose a plan of runbook jobs, approve it. */
import { z } from "@hono/zod-openapi";
import { Timestamp } from "./common";

/** How likely a hypothesis is, as the model judged it. */
export const Likelihood = z.enum(["high", "medium", "low"]);
export type Likelihood = z.infer<typeof Likelihood>;

export const Hypothesis = z
  .object({ title: z.string(), likelihood: Likelihood, evidence: z.array(z.string()) })
  .openapi("AiHypothesis");
export type Hypothesis = z.infer<typeof Hypothesis>;

/** What a person could do next. A `runbook` action names a runbook that exists, with inputs that validate. */
export const SuggestedAction = z
  .object({
    kind: z.enum(["rerun", "runbook", "fix_config", "other"]),
    description: z.string(),
    runbook: z.object({ name: z.string(), inputs: z.record(z.string(), z.unknown()) }).optional(),
  })
  .openapi("AiSuggestedAction");
export type SuggestedAction = z.infer<typeof SuggestedAction>;

/** How an earlier failure was resolved: a later successful run of the workflow, or an approved AI plan. */
export const Resolution = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("later_success"), run_id: z.string(), at: Timestamp }),
  z.object({ kind: z.literal("ai_plan"), plan_id: z.string(), goal: z.string() }),
]);
export type Resolution = z.infer<typeof Resolution>;

/** A past failure of the same workflow with the same error code. */
export const SimilarFailure = z
  .object({
    run_id: z.string(),
    created_at: Timestamp,
    error_code: z.string().nullable(),
    error_human: z.string().nullable(),
    resolution: Resolution.nullable(),
  })
  .openapi("AiSimilarFailure");
export type SimilarFailure = z.infer<typeof SimilarFailure>;

export const DiagnoseBody = z.object({ run_id: z.string().min(1).max(100) }).openapi("AiDiagnoseRequest");

export const Diagnosis = z
  .object({
    diagnosis_id: z.string(),
    run_id: z.string(),
    summary: z.string(),
    hypotheses: z.array(Hypothesis),
    suggested_actions: z.array(SuggestedAction),
    similar_failures: z.array(SimilarFailure),
    /** What was dropped from the model's answer and why (e.g. a suggested runbook that doesn't exist). */
    notes: z.array(z.string()),
    model: z.string(),
    created_at: Timestamp,
  })
  .openapi("AiDiagnosis");
export type Diagnosis = z.infer<typeof Diagnosis>;

export const PlanBody = z
  .object({ goal: z.string().trim().min(1).max(4_000), run_id: z.string().min(1).max(100).optional() })
  .openapi("AiPlanRequest");

export const PlanStatus = z.enum(["proposed", "approved", "rejected"]);
export type PlanStatus = z.infer<typeof PlanStatus>;

/** A job that could not be started on approval (recorded per step, never dropped). */
export const StartError = z.object({ code: z.string(), message: z.string() });

export const PlanStep = z
  .object({
    runbook: z.string(),
    inputs: z.record(z.string(), z.unknown()),
    /** Runbook connection slot → id of a connection of the org. */
    connections: z.record(z.string(), z.string()),
    reason: z.string(),
    /** Set on approval: the job started for this step, or why it could not start. */
    job_id: z.string().nullable(),
    start_error: StartError.nullable(),
  })
  .openapi("AiPlanStep");
export type PlanStep = z.infer<typeof PlanStep>;

export const RejectedStep = z.object({ runbook: z.string(), reason: z.string() }).openapi("AiRejectedStep");
export type RejectedStep = z.infer<typeof RejectedStep>;

export const Plan = z
  .object({
    plan_id: z.string(),
    goal: z.string(),
    run_id: z.string().nullable(),
    status: PlanStatus,
    steps: z.array(PlanStep),
    rejected: z.array(RejectedStep),
    model: z.string(),
    created_by: z.string(),
    created_at: Timestamp,
    decided_by: z.string().nullable(),
    decided_at: Timestamp.nullable(),
  })
  .openapi("AiPlan");
export type Plan = z.infer<typeof Plan>;

export const StartedJob = z.object({ job_id: z.string(), runbook: z.string() });

export const ApprovePlanResponse = z.object({ plan: Plan, jobs: z.array(StartedJob) }).openapi("AiApprovePlanResponse");

/** The org's AI assistant: which LLM connection and model answer (Settings → Organization). */
export const AiSettings = z
  .object({ connection_id: z.string().min(1).max(100), model: z.string().trim().min(1).max(200) })
  .openapi("AiSettings");
export type AiSettings = z.infer<typeof AiSettings>;
