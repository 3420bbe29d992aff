/** Builds the API's run and step views from a run object's record, engine state and step rows. */

import type { RunDetail, StepView } from "../contracts/runs";
import type { WorkflowNode } from "../contracts/workflow";
import { type PreflightIssue, preflightActions } from "../engine/preflight";
import type { CompiledGraph, RunState, RunView, StepState } from "../engine/run";
import type { RunRecord, StepRow } from "./run-store";

function preflightIssues(state: RunState): PreflightIssue[] {
  const groups = state.preflight?.groups as { issues?: PreflightIssue[] } | undefined;
  return groups?.issues ?? [];
}

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/**
 * A step's wait as clients see it. An output held for review (`on_approve.output`) is the raw, unredacted answer;
 * approvers read the redacted copy in `request`, so the raw one never leaves the run object.
 */
function waitView(wait: NonNullable<StepState["wait"]>): Record<string, unknown> {
  const view = { ...(wait as unknown as Record<string, unknown>) };
  if ("on_approve" in wait && wait.on_approve?.kind === "succeed") view.on_approve = { kind: "succeed" };
  return view;
}

export function buildRunDetail(
  record: RunRecord,
  _compiled: CompiledGraph,
  state: RunState,
  view: RunView,
  output: unknown,
): RunDetail {
  const phaseMetrics: RunDetail["phase_metrics"] = {};
  for (const [phase, m] of Object.entries(view.phase_metrics)) {
    phaseMetrics[phase] = {
      started_at: iso(m.started_at),
      completed_at: iso(m.completed_at),
      duration_ms: m.duration_ms,
    };
  }
  return {
    id: record.run_id,
    workflow_id: record.workflow_id,
    version: record.version,
    status: state.status,
    wait_reason: state.wait_reason,
    progress: view.progress,
    current_step: view.current_step,
    preflight_summary: state.preflight,
    last_error_human: view.last_error_human,
    last_error_tech: view.last_error_tech,
    recommended_actions:
      state.status === "needs_review" ? preflightActions(preflightIssues(state)) : view.recommended_actions,
    trigger: { type: record.trigger.type as RunDetail["trigger"]["type"], data: record.trigger.data },
    correlation_id: record.correlation_id,
    phase_metrics: phaseMetrics,
    cost: { llm_tokens: 0, llm_cost_usd: 0, tool_calls: 0 },
    input: record.input,
    output,
    dry_run: record.dry_run,
    options: {
      skip_steps: state.options.skip_steps,
      mocked_steps: Object.keys(state.options.mock_data),
      until_step: state.options.until_step,
      until_phase: record.until_phase ?? null,
    },
    parent_run_id: record.parent?.run_id ?? null,
    created_at: new Date(record.created_at).toISOString(),
    started_at: iso(view.started_at),
    completed_at: iso(view.completed_at),
  };
}

export function buildStepViews(compiled: CompiledGraph, nodes: Map<string, WorkflowNode>, rows: StepRow[]): StepView[] {
  const byId = new Map(rows.map((r) => [r.node_id, r]));
  return compiled.order.map((id, index) => {
    const node = nodes.get(id);
    const row = byId.get(id);
    const s = row?.state;
    const finished = s?.finished_at ?? null;
    const started = s?.started_at ?? null;
    return {
      node_id: id,
      node_type: node?.type ?? "unknown",
      name: node?.name ?? id,
      index,
      status: s?.status ?? "pending",
      attempts: s?.attempt ?? 0,
      data_in: row?.data_in ?? null,
      data_out: row?.data_out ?? null,
      error_code: s?.error?.code ?? null,
      error_human: s?.error?.message_human ?? null,
      error_tech: s?.error?.message_tech ?? null,
      wait: s?.wait ? waitView(s.wait) : null,
      skip_reason: s?.skip_reason ?? null,
      branch: s?.branch ?? null,
      started_at: iso(started),
      finished_at: iso(finished),
      duration_ms: started !== null && finished !== null ? finished - started : null,
      attempt_history: (row?.attempts ?? []).map((a) => ({
        attempt: a.attempt,
        started_at: new Date(a.started_at).toISOString(),
        finished_at: iso(a.finished_at),
        outcome: a.outcome,
        error_code: a.error_code,
        error_human: a.error_human,
        retry_at: iso(a.retry_at),
      })),
    };
  });
}
