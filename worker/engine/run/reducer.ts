// The run state machine: (compiled graph, state, event) → (new state, effects). Pure, deterministic, idempotent.
import { Draft } from "./draft";
import { approvalRejectedError, stepTimeoutError } from "./errors";
import type { CompiledGraph } from "./graph-view";
import { progressOf } from "./progress";
import type { EngineEffect, EngineEventOf, EngineEventType, EngineEvent as Event } from "./protocol";
import { hashRandom } from "./retry";
import { beginExecution, finishRun, pauseRun, resumePausedRun, settle, timeOutRun } from "./run-lifecycle";
import type { RunState } from "./state";
import { isTerminalRunStatus } from "./states";
import {
  applyOutcome,
  approveStep,
  expireWait,
  failAttempt,
  failStep,
  succeedStep,
  timeOutExternal,
} from "./step-lifecycle";

/** Options of {@link reduce}. */
export interface ReduceOptions {
  /**
   * Jitter source for retry backoff, in [0, 1). Default: a hash of `run_id:node_id:attempt`, so replaying
   * an event reproduces the same delay.
   */
  random?: () => number;
}

/** The outcome of one reduction. */
export interface ReduceResult {
  /** The new state; the very same object as the input when the event was a duplicate or stale. */
  state: RunState;
  /** What the shell must do, in order, after persisting `state`. Empty for a duplicate or stale event. */
  effects: EngineEffect[];
  /** Steps whose state changed (persist only these rows if you store steps one per row). */
  changed_steps: string[];
}

type Handler<K extends EngineEventType> = (d: Draft, e: EngineEventOf<K>) => boolean;

/**
 * One handler per event kind. Each returns `false` for a duplicate or stale event *before* writing
 * anything, which is what makes at-least-once delivery (alarms, RPC retries) safe.
 */
const HANDLERS: { [K in EngineEventType]: Handler<K> } = {
  start(d, e) {
    const { status, wait_reason } = d.state;
    const waitingForSlot = status === "waiting" && wait_reason === "concurrency";
    if (status !== "queued" && status !== "ready" && !waitingForSlot) return false;
    d.moveRun("running");
    if (e.preflight && recordPreflight(d, e.preflight)) {
      d.moveRun("needs_review");
      return true;
    }
    beginExecution(d);
    return true;
  },

  concurrency_wait(d) {
    if (d.state.status !== "queued") return false;
    d.moveRun("waiting", "concurrency");
    d.emit("execution.waiting", { reason: "concurrency" });
    return true;
  },

  step_outcome(d, e) {
    const step = d.state.steps[e.node_id];
    if (step?.status !== "running" || step.attempt !== e.attempt) return false;
    applyOutcome(d, e.node_id, e.outcome);
    return true;
  },

  timer_fired(d, e) {
    const timer = d.state.timers[e.timer_id];
    if (!timer) return false;
    // The shell drops a fired timer's row itself; a timer still armed here is never stale, but a step
    // timer is checked against the step's attempt anyway (defence in depth).
    d.clearTimer(e.timer_id, false);
    if (timer.kind === "run_timeout") {
      timeOutRun(d);
      return true;
    }
    const id = timer.node_id ?? "";
    const step = d.state.steps[id];
    if (!step) return true;
    const current = timer.attempt === (timer.kind === "retry" ? step.attempt + 1 : step.attempt);
    switch (timer.kind) {
      case "retry":
        if (step.status === "pending" && step.retry_at !== undefined && current) {
          d.setRetryAt(id, undefined);
          d.pushReady(id);
        }
        return true;
      case "step_timeout":
        if (step.status === "running" && current) {
          const node = d.node(id);
          failAttempt(d, id, stepTimeoutError(node.label, node.timeout_ms, step.attempt));
        } else if (step.status === "waiting" && step.wait?.reason === "external" && current) {
          timeOutExternal(d, id);
        }
        return true;
      case "resume":
      case "wait_timeout":
        if (step.status === "waiting" && current) expireWait(d, id);
        return true;
      default: {
        const _never: never = timer.kind;
        return _never;
      }
    }
  },

  approval_decided(d, e) {
    const step = d.state.steps[e.node_id];
    if (step?.status !== "waiting" || step.wait?.reason !== "approval") return false;
    const label = d.node(e.node_id).label;
    d.emit("approval.decided", {
      node_id: e.node_id,
      decision: e.decision,
      by: e.by,
      comment: e.comment ?? null,
      ...(e.form ? { form: e.form } : {}),
    });
    if (e.decision === "approved") {
      approveStep(d, e.node_id, { decision: e.decision, by: e.by, comment: e.comment ?? null, form: e.form ?? null });
    } else {
      failStep(d, e.node_id, approvalRejectedError(label, e.by, e.comment));
    }
    return true;
  },

  signal_received(d, e) {
    const matches = Object.keys(d.state.active).filter((id) => {
      const wait = d.state.steps[id]?.wait;
      if (d.state.steps[id]?.status !== "waiting" || wait?.reason !== "event") return false;
      if (e.node_id !== undefined && e.node_id !== id) return false;
      if (wait.event_name !== e.event_name) return false;
      return wait.correlation_key === undefined || wait.correlation_key === e.correlation_key;
    });
    for (const id of matches) {
      succeedStep(d, id, {
        event_name: e.event_name,
        correlation_key: e.correlation_key ?? null,
        payload: e.payload ?? null,
        timed_out: false,
      });
    }
    return matches.length > 0;
  },

  child_finished(d, e) {
    const step = d.state.steps[e.node_id];
    const wait = step?.wait;
    if (step?.status !== "waiting" || wait?.reason !== "child" || wait.child_run_id !== e.child_run_id) return false;
    if (e.status === "completed") {
      succeedStep(d, e.node_id, e.output ?? null);
      return true;
    }
    const label = d.node(e.node_id).label;
    const code = e.status === "failed" ? "child_failed" : "child_canceled";
    failStep(d, e.node_id, {
      code,
      message_human:
        e.status === "failed"
          ? `The child run of step “${label}” failed${e.error ? `: ${e.error.message_human}` : ""}`
          : `The child run of step “${label}” was canceled`,
      message_tech: `child_run_id=${e.child_run_id}${e.error ? ` code=${e.error.code}` : ""}`,
      retryable: false,
      ...(e.error ? { details: { child_error: e.error } } : {}),
    });
    return true;
  },

  external_result(d, e) {
    const step = d.state.steps[e.node_id];
    const wait = step?.wait;
    if (step?.status !== "waiting" || wait?.reason !== "external") return false;
    if (step.attempt !== e.attempt || wait.external.task_id !== e.task_id) return false;
    if (e.outcome.kind === "succeeded") succeedStep(d, e.node_id, e.outcome.output ?? null);
    else failAttempt(d, e.node_id, e.outcome.error);
    return true;
  },

  cancel(d, e) {
    d.state.canceled = { by: e.by, reason: e.reason ?? null };
    finishRun(d, "canceled", { by: e.by, reason: e.reason ?? null });
    return true;
  },

  pause(d, e) {
    return pauseRun(d, e.by);
  },

  resume(d, e) {
    if (d.state.status === "paused") {
      resumePausedRun(d, e.by);
      return true;
    }
    if (d.state.status !== "needs_review") return false;
    if (e.preflight && recordPreflight(d, e.preflight)) return true;
    d.moveRun("ready");
    d.moveRun("running");
    d.emit("execution.resumed", { by: e.by });
    beginExecution(d);
    return true;
  },
};

/**
 * Applies one event. Never mutates `state`; never reads a clock or a global random source.
 * A duplicate or stale event (wrong attempt, step already finished, timer already consumed, run
 * finished) returns the same state object and no effects.
 * @example
 * const { state: next, effects } = reduce(compiled, state, { type: "start", now: Date.now() });
 */
export function reduce(
  compiled: CompiledGraph,
  state: RunState,
  event: Event,
  options: ReduceOptions = {},
): ReduceResult {
  if (isTerminalRunStatus(state.status)) return { state, effects: [], changed_steps: [] };
  const injected = options.random;
  const d = new Draft(compiled, state, event.now, injected ? () => injected() : hashRandom);
  if (!handle(d, event)) return { state, effects: [], changed_steps: [] };
  settle(d);
  const progress = progressOf(d.state, compiled.size);
  if (progress !== d.state.progress) {
    d.state.progress = progress;
    d.emit("execution.progress", { progress });
  }
  return { state: d.state, effects: d.effects, changed_steps: [...d.changedSteps] };
}

function handle<K extends EngineEventType>(d: Draft, event: EngineEventOf<K>): boolean {
  const handler: Handler<K> = HANDLERS[event.type];
  return handler(d, event);
}

/** Stores a preflight result and announces it; true when it has blocking issues. */
function recordPreflight(d: Draft, preflight: NonNullable<EngineEventOf<"start">["preflight"]>): boolean {
  d.state.preflight = preflight;
  d.emit("preflight.completed", {
    blocking_count: preflight.blocking_count,
    warning_count: preflight.warning_count,
  });
  return preflight.blocking_count > 0;
}
