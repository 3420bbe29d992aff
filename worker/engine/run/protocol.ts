// The reducer's protocol with its shell: events in (each with `now`), effects out, deterministic timer ids.
import type { StepError } from "./errors";
import type { ExternalOutcome, ExternalRef, StepOutcome } from "./outcomes";
import type { TerminalRunStatus } from "./states";

/** What preflight found; blocking issues park the run in `needs_review`. */
export interface PreflightSummary {
  blocking_count: number;
  warning_count: number;
  groups?: unknown;
}

/** Payload of each event kind; `EngineEvent` is derived from this one map (inngest style). */
export interface EngineEventPayloads {
  /** Begin (or, from `ready`/concurrency wait, continue to) execution, with the preflight result. */
  start: { preflight?: PreflightSummary };
  /** No concurrency slot: a queued run waits for one (`start` later). */
  concurrency_wait: Record<never, never>;
  /** An executor finished an attempt. Stale unless the step is running that very attempt. */
  step_outcome: { node_id: string; attempt: number; outcome: StepOutcome };
  /** A durable timer fell due. Stale unless the timer is still armed in the state. */
  timer_fired: { timer_id: string };
  approval_decided: {
    node_id: string;
    decision: "approved" | "rejected";
    by: string;
    comment?: string;
    form?: Record<string, unknown>;
  };
  /** Wakes every waiting `event` step with this name (and correlation key, when the step has one). */
  signal_received: { node_id?: string; event_name: string; correlation_key?: string; payload: unknown };
  child_finished: {
    node_id: string;
    child_run_id: string;
    status: "completed" | "failed" | "canceled";
    output?: unknown;
    error?: StepError;
  };
  /**
   * An external task (a runner) reported for a step waiting `external`. Stale unless the step waits for
   * that very task in that attempt.
   */
  external_result: { node_id: string; attempt: number; task_id: string; outcome: ExternalOutcome };
  cancel: { by: string; reason?: string };
  pause: { by: string };
  /** Resume a paused run, or leave `needs_review` after preflight was re-run (omit `preflight` to override). */
  resume: { by: string; preflight?: PreflightSummary };
}

export type EngineEventType = keyof EngineEventPayloads;
/** One event kind; every event carries `now` (ms since epoch) so the reducer never reads a clock. */
export type EngineEventOf<K extends EngineEventType> = { type: K; now: number } & EngineEventPayloads[K];
/** Everything the shell can feed the reducer. */
export type EngineEvent = { [K in EngineEventType]: EngineEventOf<K> }[EngineEventType];

/** The SPEC §5 event types the engine emits. */
export const EMITTED_EVENT_TYPES = [
  "execution.status_changed",
  "execution.progress",
  "preflight.completed",
  "step.started",
  "step.completed",
  "step.failed",
  "step.retrying",
  "execution.waiting",
  "approval.requested",
  "approval.decided",
  "execution.paused",
  "execution.resumed",
  "execution.canceled",
  "execution.failed",
  "execution.completed",
] as const;
export type EmittedEventType = (typeof EMITTED_EVENT_TYPES)[number];

export type TimerKind = "retry" | "resume" | "step_timeout" | "wait_timeout" | "run_timeout";

/** An armed durable timer, as kept in the run state (keyed by timer id). */
export interface TimerSpec {
  kind: TimerKind;
  due_at: number;
  node_id?: string;
  attempt?: number;
}

/** What the shell must carry out, in order, after persisting the new state. */
export type EngineEffect =
  | { type: "execute_step"; node_id: string; attempt: number; idempotency_key: string; timeout_at: number }
  | ({ type: "set_timer"; timer_id: string } & TimerSpec)
  | { type: "clear_timer"; timer_id: string }
  | { type: "emit"; event_type: EmittedEventType; data: Record<string, unknown> }
  /** A waiting `subworkflow` step was canceled or timed out: cancel its child run too. */
  | { type: "cancel_child"; node_id: string; child_run_id: string }
  /** A step waiting `external` was canceled or timed out: cancel its task too (best effort). */
  | { type: "cancel_external"; node_id: string; external: ExternalRef }
  | { type: "run_finished"; status: TerminalRunStatus };

/**
 * Deterministic timer ids: arming the same timer twice is an upsert, and a fired id identifies exactly
 * one (kind, step, attempt).
 */
export const timerId = {
  retry: (nodeId: string, attempt: number) => `retry:${nodeId}:${attempt}`,
  resume: (nodeId: string, attempt: number) => `resume:${nodeId}:${attempt}`,
  stepTimeout: (nodeId: string, attempt: number) => `step_timeout:${nodeId}:${attempt}`,
  waitTimeout: (nodeId: string, attempt: number) => `wait_timeout:${nodeId}:${attempt}`,
  runTimeout: () => "run_timeout",
} as const;

/** The idempotency key an executor sends downstream (`http` sends it as a header). Stable per attempt. */
export function idempotencyKey(runId: string, nodeId: string, attempt: number): string {
  return `${runId}:${nodeId}:${attempt}`;
}
