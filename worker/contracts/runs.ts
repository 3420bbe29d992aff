/** Contracts of runs: start, the run state of SPEC §4, steps, control. */
import { z } from "@hono/zod-openapi";
import { RunStatus } from "../engine/run/states";
import { PageQuery, Timestamp } from "./common";
import { StepStatus, ToolPolicies } from "./workflow";

/** The run states (one enum, with the engine's transition table in `engine/run/states.ts`). */
export { RunStatus } from "../engine/run/states";
export const TriggerType = z.enum([
  "manual",
  "api",
  "schedule",
  "webhook",
  "event",
  "subworkflow",
  "callback",
  "replay",
]);
export type TriggerType = z.infer<typeof TriggerType>;

export const StartRunBody = z
  .object({
    input: z.record(z.string(), z.unknown()).default({}),
    version: z.number().int().min(1).optional().openapi({ description: "Defaults to the latest published version" }),
    idempotency_key: z.string().min(1).max(200).optional().openapi({ description: "Or the Idempotency-Key header" }),
    dry_run: z.boolean().default(false),
    options: z
      .object({
        skip_steps: z.array(z.string()).max(1_000).optional(),
        mock_data: z.record(z.string(), z.unknown()).optional(),
        until_step: z.string().optional(),
        until_phase: z
          .string()
          .optional()
          .openapi({ description: "Run the phases up to and including this one; later ones are skipped" }),
        tool_policies: ToolPolicies.optional().openapi({
          description:
            "Tool policies for this run's mcp_tool steps (`*`, `<server>/*` or `<server>/<tool>` → allow | ask | deny); they override the workflow's, never a system DENY",
        }),
      })
      .optional(),
  })
  .openapi("StartRunRequest");
export type StartRunBody = z.infer<typeof StartRunBody>;

const CurrentStep = z.object({
  index: z.number().int(),
  label: z.string(),
  node_id: z.string(),
  node_type: z.string(),
});
const PhaseMetric = z.object({
  started_at: Timestamp.nullable(),
  completed_at: Timestamp.nullable(),
  duration_ms: z.number().nullable(),
});
export const RecommendedAction = z.object({
  action: z.string(),
  label: z.string(),
  description: z.string(),
  target_node_id: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
});

export const RunDetail = z
  .object({
    id: z.string(),
    workflow_id: z.string(),
    version: z.number().int(),
    status: RunStatus,
    wait_reason: z.string().nullable(),
    progress: z.number().int().min(0).max(100),
    current_step: CurrentStep.nullable(),
    preflight_summary: z
      .object({ blocking_count: z.number().int(), warning_count: z.number().int(), groups: z.unknown().optional() })
      .nullable(),
    last_error_human: z.string().nullable(),
    last_error_tech: z.string().nullable(),
    recommended_actions: z.array(RecommendedAction),
    trigger: z.object({ type: TriggerType, data: z.record(z.string(), z.unknown()).nullable() }),
    correlation_id: z.string(),
    phase_metrics: z.record(z.string(), PhaseMetric),
    cost: z.object({ llm_tokens: z.number().int(), llm_cost_usd: z.number(), tool_calls: z.number().int() }),
    input: z.unknown(),
    output: z.unknown().nullable(),
    dry_run: z.boolean(),
    options: z.object({
      skip_steps: z.array(z.string()),
      mocked_steps: z.array(z.string()),
      until_step: z.string().nullable(),
      until_phase: z.string().nullable(),
    }),
    parent_run_id: z.string().nullable(),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    completed_at: Timestamp.nullable(),
  })
  .openapi("Run");
export type RunDetail = z.infer<typeof RunDetail>;

export const RunSummary = z
  .object({
    id: z.string(),
    workflow_id: z.string(),
    version: z.number().int(),
    status: RunStatus,
    wait_reason: z.string().nullable(),
    trigger_type: z.string(),
    progress: z.number().int(),
    error_human: z.string().nullable(),
    dry_run: z.boolean(),
    created_at: Timestamp,
    started_at: Timestamp.nullable(),
    completed_at: Timestamp.nullable(),
  })
  .openapi("RunSummary");
export type RunSummary = z.infer<typeof RunSummary>;

export const RunList = z.object({ items: z.array(RunSummary), next_cursor: z.string().nullable() }).openapi("RunList");

export const RunListQuery = PageQuery.extend({
  status: RunStatus.optional(),
  wait_reason: z.enum(["approval", "event", "timer", "child", "external", "concurrency"]).optional(),
  workflow_id: z.string().max(100).optional(),
  trigger: TriggerType.optional(),
  from: Timestamp.optional(),
  to: Timestamp.optional(),
});

export const StepView = z
  .object({
    node_id: z.string(),
    node_type: z.string(),
    name: z.string(),
    index: z.number().int(),
    status: StepStatus,
    attempts: z.number().int(),
    data_in: z.unknown().nullable(),
    data_out: z.unknown().nullable(),
    error_code: z.string().nullable(),
    error_human: z.string().nullable(),
    error_tech: z.string().nullable(),
    wait: z.record(z.string(), z.unknown()).nullable(),
    skip_reason: z.string().nullable(),
    branch: z.string().nullable(),
    started_at: Timestamp.nullable(),
    finished_at: Timestamp.nullable(),
    duration_ms: z.number().nullable(),
    attempt_history: z.array(
      z.object({
        attempt: z.number().int(),
        started_at: Timestamp,
        finished_at: Timestamp.nullable(),
        outcome: z.enum(["succeeded", "failed", "waiting", "interrupted"]),
        error_code: z.string().nullable(),
        error_human: z.string().nullable(),
        retry_at: Timestamp.nullable(),
      }),
    ),
  })
  .openapi("Step");
export type StepView = z.infer<typeof StepView>;

export const StepList = z.object({ items: z.array(StepView) }).openapi("StepList");

export const DecisionBody = z
  .object({ comment: z.string().max(2_000).optional(), form: z.record(z.string(), z.unknown()).optional() })
  .openapi("ApprovalDecisionRequest");

export const SignalBody = z
  .object({
    event_name: z.string().min(1).max(100),
    correlation_key: z.string().max(500).optional(),
    payload: z.unknown().optional(),
    node_id: z.string().max(100).optional(),
  })
  .openapi("SignalRequest");

export const CancelBody = z.object({ reason: z.string().max(500).optional() }).openapi("CancelRequest");

export const StepParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
  node_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "node_id", in: "path" } }),
});
