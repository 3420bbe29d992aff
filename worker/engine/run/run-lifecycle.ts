// Run-level transitions: begin, settle (dispatch ready steps, derive running/waiting/completed), finish, pause/resume.
import type { Draft } from "./draft";
import { runTimeoutError, type StepError } from "./errors";
import type { StepWaitReason } from "./outcomes";
import { timerId } from "./protocol";
import { scheduleStart } from "./scheduler";
import { isTerminalRunStatus, isTerminalStepStatus, type TerminalRunStatus } from "./states";
import { startAttempt, succeedMocked } from "./step-lifecycle";

/** First execution: arm the run deadline once, then activate start nodes (and `until_step` skips). */
export function beginExecution(d: Draft): void {
  d.state.started_at ??= d.now;
  const id = timerId.runTimeout();
  if (!(id in d.state.timers)) {
    d.setTimer(id, { kind: "run_timeout", due_at: d.state.started_at + d.compiled.run_timeout_ms });
  }
  scheduleStart(d);
}

/**
 * Brings the run to a consistent status after an event: fail it if a step failed for good, start ready
 * steps (unless paused or not started), then derive `running` / `waiting` / `completed`. O(1) plus the
 * steps started, except when the run finishes.
 */
export function settle(d: Draft): void {
  if (isTerminalRunStatus(d.state.status)) return;
  if (failIfStepFailed(d)) return;
  if (d.state.status !== "running" && d.state.status !== "waiting") return;
  // Not started yet: a run queued for a concurrency slot has no steps to derive a status from.
  if (d.state.wait_reason === "concurrency") return;
  dispatchReady(d);
  if (failIfStepFailed(d)) return;
  const { counts } = d.state;
  if (counts.running > 0 || d.state.retrying > 0) {
    d.moveRun("running");
    return;
  }
  if (counts.waiting > 0) {
    enterRunWait(d);
    return;
  }
  const done = counts.succeeded + counts.failed + counts.skipped + counts.canceled;
  if (done === d.compiled.size) {
    if (d.state.status === "waiting") d.moveRun("running");
    finishRun(d, "completed", { duration_ms: d.now - (d.state.started_at ?? d.now) });
    return;
  }
  // Unreachable if the scheduler is right; never leave a run `running` forever (SPEC §4).
  failRun(
    d,
    {
      code: "engine_stalled",
      message_human: "The run stopped making progress and was failed",
      message_tech: `no step running or waiting with ${counts.pending} pending`,
      retryable: false,
    },
    null,
  );
}

/** A step failed for good during this reduction: the run fails with its error. */
function failIfStepFailed(d: Draft): boolean {
  const failure = d.failure;
  if (!failure) return false;
  failRun(d, failure.error, failure.node_id);
  return true;
}

/** Starts every queued ready step; mocked steps succeed inline (and may make more steps ready). */
function dispatchReady(d: Draft): void {
  while (d.state.ready.length > 0 && !d.failure) {
    for (const id of d.takeReady()) {
      if (d.failure) break;
      if (d.step(id).status !== "pending") continue;
      const mock = d.state.options.mock_data;
      if (Object.hasOwn(mock, id)) succeedMocked(d, id, mock[id] ?? null);
      else startAttempt(d, id);
    }
  }
}

/** The run waits on its earliest waiting step (topological order); announce when the reason changes. */
function enterRunWait(d: Draft): void {
  let best: { id: string; index: number; reason: StepWaitReason } | null = null;
  for (const id of Object.keys(d.state.active)) {
    const step = d.step(id);
    const index = d.node(id).index;
    if (step.status === "waiting" && step.wait && (best === null || index < best.index)) {
      best = { id, index, reason: step.wait.reason };
    }
  }
  if (!best) return;
  if (d.state.status === "waiting" && d.state.wait_reason === best.reason) return;
  d.moveRun("waiting", best.reason);
  const wait = d.step(best.id).wait;
  d.emit("execution.waiting", {
    reason: best.reason,
    node_id: best.id,
    ...(wait?.reason === "timer" ? { resume_at: wait.resume_at } : {}),
    ...(wait && wait.reason !== "timer" && wait.timeout_at !== undefined ? { timeout_at: wait.timeout_at } : {}),
  });
}

/** Fails the run with `error` (from a step, or the run deadline). */
export function failRun(d: Draft, error: StepError, nodeId: string | null): void {
  d.state.last_error = {
    code: error.code,
    node_id: nodeId,
    human: error.message_human,
    tech: error.message_tech ?? null,
  };
  finishRun(d, "failed", { node_id: nodeId, error });
}

/** The run deadline fell due: fail it, canceling whatever still runs or waits. */
export function timeOutRun(d: Draft): void {
  failRun(d, runTimeoutError(d.compiled.run_timeout_ms), null);
}

/**
 * Ends the run: every non-terminal step becomes `canceled` (not `skipped`: skipped means "branch not
 * taken", canceled means "the run stopped before it"), every timer is cleared, child runs and external
 * tasks are canceled.
 */
export function finishRun(d: Draft, status: TerminalRunStatus, data: Record<string, unknown>): void {
  const canceled: string[] = [];
  for (const id of d.compiled.order) {
    const step = d.step(id);
    if (isTerminalStepStatus(step.status)) continue;
    if (step.status === "running" || step.status === "waiting") canceled.push(id);
    if (step.status === "waiting" && step.wait?.reason === "child") {
      d.effect({ type: "cancel_child", node_id: id, child_run_id: step.wait.child_run_id });
    }
    if (step.status === "waiting" && step.wait?.reason === "external") {
      d.effect({ type: "cancel_external", node_id: id, external: step.wait.external });
    }
    if (step.retry_at !== undefined) d.setRetryAt(id, undefined);
    const written = d.setStepStatus(id, "canceled");
    written.finished_at = d.now;
    delete written.wait;
  }
  for (const id of Object.keys(d.state.timers)) d.clearTimer(id);
  d.takeReady();
  d.state.paused = null;
  d.state.completed_at = d.now;
  d.moveRun(status);
  const eventType =
    status === "completed" ? "execution.completed" : status === "failed" ? "execution.failed" : "execution.canceled";
  d.emit(eventType, { ...data, ...(canceled.length > 0 ? { canceled_steps: canceled } : {}) });
  d.effect({ type: "run_finished", status });
}

/** Pause by a person: in-flight attempts still report (and are recorded); nothing new starts. */
export function pauseRun(d: Draft, by: string): boolean {
  const { status, wait_reason } = d.state;
  // A run queued for a concurrency slot has nothing to pause: cancel it instead.
  if (status !== "running" && !(status === "waiting" && wait_reason !== "concurrency")) return false;
  d.state.paused = { by, at: d.now, from: status };
  d.moveRun("paused");
  d.emit("execution.paused", { by });
  return true;
}

/** Resume a paused run: back to `waiting` if its wait is still pending and nothing else can run, else `running`. */
export function resumePausedRun(d: Draft, by: string): void {
  const paused = d.state.paused;
  d.state.paused = null;
  d.emit("execution.resumed", { by, paused_ms: paused ? d.now - paused.at : 0 });
  const { counts } = d.state;
  const canRun = counts.running > 0 || d.state.retrying > 0 || d.state.ready.length > 0;
  if (!canRun && counts.waiting > 0) enterRunWait(d);
  else d.moveRun("running");
}
