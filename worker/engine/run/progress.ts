// Derived views of a run for people: progress 0–100, current step, phase metrics, last error and actions.
import { type RecommendedAction, recommendedActions } from "./actions";
import type { CompiledGraph } from "./graph-view";
import type { RunState } from "./state";
import { isTerminalStepStatus, type RunStatus, type WaitReason } from "./states";

/** `current_step` of the run state (SPEC §4): `index` is the step's position in topological order. */
export interface CurrentStep {
  index: number;
  label: string;
  node_id: string;
  node_type: string;
}

/** Timings of one `phase` label; `completed_at` once every step of the phase is finished. */
export interface PhaseMetric {
  started_at: number | null;
  completed_at: number | null;
  duration_ms: number | null;
}

/** The engine's part of `GET /runs/:id`. */
export interface RunView {
  status: RunStatus;
  wait_reason: WaitReason | null;
  progress: number;
  current_step: CurrentStep | null;
  phase_metrics: Record<string, PhaseMetric>;
  last_error_human: string | null;
  last_error_tech: string | null;
  recommended_actions: RecommendedAction[];
  started_at: number | null;
  completed_at: number | null;
}

/**
 * Finished steps over all steps, 0–99 while the run is not completed and exactly 100 when it is.
 * Canceled steps don't count as progress, and steps outside `until_step` are left out of both sides.
 * O(1).
 */
export function progressOf(state: RunState, size: number): number {
  if (state.status === "completed") return 100;
  const { succeeded, failed, skipped } = state.counts;
  const total = size - state.excluded;
  if (total <= 0) return 0;
  const done = succeeded + failed + skipped - state.excluded;
  return Math.max(0, Math.min(99, Math.floor((done / total) * 100)));
}

/**
 * The earliest (topological order) step that is running, waiting or has a retry scheduled; after a
 * failure, the failed step. O(active steps).
 */
export function currentStep(compiled: CompiledGraph, state: RunState): CurrentStep | null {
  let bestId: string | null = null;
  let bestIndex = Number.POSITIVE_INFINITY;
  for (const id of Object.keys(state.active)) {
    const index = compiled.nodes.get(id)?.index ?? Number.POSITIVE_INFINITY;
    if (index < bestIndex) {
      bestIndex = index;
      bestId = id;
    }
  }
  bestId ??= state.last_error?.node_id ?? null;
  const node = bestId === null ? undefined : compiled.nodes.get(bestId);
  if (!node) return null;
  return { index: node.index, label: node.label, node_id: node.node.id, node_type: node.node.type };
}

/** Phase timings from the steps' timings, phases in topological order of their first step. O(steps). */
export function phaseMetrics(compiled: CompiledGraph, state: RunState): Record<string, PhaseMetric> {
  const acc = new Map<string, { start: number | null; end: number | null; open: boolean }>();
  for (const id of compiled.order) {
    const phase = compiled.nodes.get(id)?.node.phase;
    const step = state.steps[id];
    if (!phase || !step) continue;
    const entry = acc.get(phase) ?? { start: null, end: null, open: false };
    if (step.started_at !== undefined) entry.start = Math.min(entry.start ?? step.started_at, step.started_at);
    if (!isTerminalStepStatus(step.status)) entry.open = true;
    else if (step.finished_at !== undefined && step.started_at !== undefined) {
      entry.end = Math.max(entry.end ?? step.finished_at, step.finished_at);
    }
    acc.set(phase, entry);
  }
  const out: Record<string, PhaseMetric> = {};
  for (const [phase, { start, end, open }] of acc) {
    const completed = !open && start !== null ? end : null;
    out[phase] = {
      started_at: start,
      completed_at: completed,
      duration_ms: completed !== null && start !== null ? completed - start : null,
    };
  }
  return out;
}

/** Everything the engine contributes to `GET /runs/:id`, including recommended actions for the last error. */
export function runView(compiled: CompiledGraph, state: RunState): RunView {
  const error = state.last_error;
  const node = error?.node_id ? compiled.nodes.get(error.node_id) : undefined;
  return {
    status: state.status,
    wait_reason: state.wait_reason,
    progress: progressOf(state, compiled.size),
    current_step: currentStep(compiled, state),
    phase_metrics: phaseMetrics(compiled, state),
    last_error_human: error?.human ?? null,
    last_error_tech: error?.tech ?? null,
    recommended_actions: error
      ? recommendedActions(error.code, {
          node_id: error.node_id,
          ...(node ? { node_label: node.label, timeout_ms: node.timeout_ms } : {}),
          run_timeout_ms: compiled.run_timeout_ms,
        })
      : [],
    started_at: state.started_at,
    completed_at: state.completed_at,
  };
}
