// Step-level transitions: start an attempt, apply an executor's outcome, retry or fail, wait and resolve waits.
import type { Draft } from "./draft";
import { invalidBranchOutputError, type StepError, stepTimeoutError, waitTimeoutError } from "./errors";
import type { StepOutcome, WaitRequest } from "./outcomes";
import { idempotencyKey, timerId } from "./protocol";
import { decideRetry } from "./retry";
import { branchLabel, propagateFrom } from "./scheduler";

/** Starts the next attempt of a ready step: arms its deadline first, then asks the shell to execute it. */
export function startAttempt(d: Draft, id: string): void {
  const node = d.node(id);
  const step = d.setStepStatus(id, "running");
  // An approved gate continues its attempt: the same idempotency key as the call that asked.
  if (step.reuse_attempt) delete step.reuse_attempt;
  else step.attempt += 1;
  step.attempt_started_at = d.now;
  step.started_at ??= d.now;
  const attempt = step.attempt;
  const timeoutAt = d.now + node.timeout_ms;
  d.setTimer(timerId.stepTimeout(id, attempt), { kind: "step_timeout", due_at: timeoutAt, node_id: id, attempt });
  d.effect({
    type: "execute_step",
    node_id: id,
    attempt,
    idempotency_key: idempotencyKey(d.state.run_id, id, attempt),
    timeout_at: timeoutAt,
  });
  d.emit("step.started", {
    node_id: id,
    node_type: node.node.type,
    name: node.label,
    attempt,
    ...(step.approved_by !== undefined ? { approved_by: step.approved_by } : {}),
  });
}

/** A `mock_data` step: succeeds with its mocked output, no executor involved. */
export function succeedMocked(d: Draft, id: string, output: unknown): void {
  const step = d.setStepStatus(id, "running");
  step.attempt += 1;
  step.started_at ??= d.now;
  step.attempt_started_at = d.now;
  step.mocked = true;
  succeedStep(d, id, output);
}

/** Applies an executor's outcome to a step running that attempt (the caller checked it isn't stale). */
export function applyOutcome(d: Draft, id: string, outcome: StepOutcome): void {
  switch (outcome.kind) {
    case "succeeded":
      succeedStep(d, id, outcome.output);
      break;
    case "failed":
      failAttempt(d, id, outcome.error);
      break;
    case "wait":
      enterWait(d, id, outcome.wait);
      break;
    default: {
      const _never: never = outcome;
      throw new Error(`Unhandled step outcome ${JSON.stringify(_never)}`);
    }
  }
}

/** Success: record the branch taken (branching nodes), announce the output, resolve downstream edges. */
export function succeedStep(d: Draft, id: string, output: unknown): void {
  const node = d.node(id);
  let branch: string | null = null;
  if (node.branching) {
    branch = branchLabel(node, output);
    if (branch === null) {
      failStep(d, id, invalidBranchOutputError(node.label, node.node.type, output));
      return;
    }
  }
  clearStepTimers(d, id);
  const step = d.setStepStatus(id, "succeeded");
  step.finished_at = d.now;
  delete step.wait;
  if (branch !== null) step.branch = branch;
  d.emit("step.completed", {
    node_id: id,
    status: "succeeded",
    attempt: step.attempt,
    output,
    duration_ms: d.now - (step.started_at ?? d.now),
    ...(step.mocked ? { mocked: true } : {}),
    ...(branch !== null ? { branch } : {}),
  });
  propagateFrom(d, id);
}

/**
 * A failed attempt. A running step retries per its node's policy (a durable `retry` timer, never a
 * sleep); a waiting step's failure (rejection, wait timeout, child failure) is final: retrying would
 * ask again, which is a rerun decision for a person.
 */
export function failAttempt(d: Draft, id: string, error: StepError): void {
  const step = d.step(id);
  // An external task (a runner) is the attempt itself, running elsewhere: its failure retries like one.
  if (step.status === "running" || (step.status === "waiting" && step.wait?.reason === "external")) {
    const attempt = step.attempt;
    const seed = `${d.state.run_id}:${id}:${attempt}`;
    const decision = decideRetry(d.node(id).node.retry, error, attempt, () => d.random(seed));
    if (decision.kind === "retry") {
      clearStepTimers(d, id);
      const retryAt = d.now + decision.delay_ms;
      const pending = d.setStepStatus(id, "pending");
      pending.error = error;
      delete pending.wait;
      d.setRetryAt(id, retryAt);
      d.setTimer(timerId.retry(id, attempt + 1), { kind: "retry", due_at: retryAt, node_id: id, attempt: attempt + 1 });
      d.emit("step.retrying", {
        node_id: id,
        attempt,
        next_attempt: attempt + 1,
        delay_ms: decision.delay_ms,
        retry_at: retryAt,
        error,
      });
      return;
    }
  }
  failStep(d, id, error);
}

/** Final failure of a step; the run fails when the reduction settles. */
export function failStep(d: Draft, id: string, error: StepError): void {
  clearStepTimers(d, id);
  const step = d.setStepStatus(id, "failed");
  step.error = error;
  step.finished_at = d.now;
  delete step.wait;
  d.emit("step.failed", { node_id: id, attempt: step.attempt, error });
  d.failure ??= { error, node_id: id };
}

/** The executor asked to wait: the node deadline stops, the wait's own timer (if any) starts. */
export function enterWait(d: Draft, id: string, wait: WaitRequest): void {
  const node = d.node(id);
  const step = d.step(id);
  const attempt = step.attempt;
  // An external task without its own timeout stays bounded by the node deadline; every other wait stops it.
  if (wait.reason !== "external" || wait.timeout_at !== undefined) d.clearTimer(timerId.stepTimeout(id, attempt));
  d.setStepStatus(id, "waiting").wait = { ...wait, since: d.now };
  if (wait.reason === "timer") {
    d.setTimer(timerId.resume(id, attempt), { kind: "resume", due_at: wait.resume_at, node_id: id, attempt });
  } else if (wait.timeout_at !== undefined) {
    d.setTimer(timerId.waitTimeout(id, attempt), {
      kind: "wait_timeout",
      due_at: wait.timeout_at,
      node_id: id,
      attempt,
    });
  }
  if (wait.reason === "approval") {
    d.emit("approval.requested", {
      node_id: id,
      name: node.label,
      request: wait.request ?? {},
      ...(wait.timeout_at !== undefined ? { timeout_at: wait.timeout_at, on_timeout: wait.on_timeout ?? "fail" } : {}),
    });
  }
}

/** A waiting step's own timeout fired: apply its `on_timeout` action. */
export function expireWait(d: Draft, id: string): void {
  const node = d.node(id);
  const wait = d.step(id).wait;
  if (!wait) return;
  const waited = d.now - wait.since;
  switch (wait.reason) {
    case "timer":
      succeedStep(d, id, { resumed_at: d.now });
      break;
    case "approval":
      expireApproval(d, id, wait.on_timeout ?? "fail", waited);
      break;
    case "event":
      if ((wait.on_timeout ?? "fail") === "continue") {
        succeedStep(d, id, { event_name: wait.event_name, payload: null, timed_out: true });
      } else {
        failStep(d, id, waitTimeoutError("wait_timeout", node.label, waited));
      }
      break;
    case "child":
      d.effect({ type: "cancel_child", node_id: id, child_run_id: wait.child_run_id });
      failStep(d, id, waitTimeoutError("child_timeout", node.label, waited));
      break;
    case "external":
      timeOutExternal(d, id);
      break;
    default: {
      const _never: never = wait;
      throw new Error(`Unhandled wait ${JSON.stringify(_never)}`);
    }
  }
}

/**
 * The external task of a waiting step outlived its deadline (node `timeout_ms`, or the wait's `timeout_at`):
 * cancel the task and fail the attempt as a step timeout, retried per the node's policy (a new task).
 */
export function timeOutExternal(d: Draft, id: string): void {
  const step = d.step(id);
  const wait = step.wait;
  if (wait?.reason !== "external") return;
  const node = d.node(id);
  d.effect({ type: "cancel_external", node_id: id, external: wait.external });
  const allowed =
    wait.timeout_at !== undefined ? wait.timeout_at - (step.attempt_started_at ?? wait.since) : node.timeout_ms;
  failAttempt(d, id, stepTimeoutError(node.label, allowed, step.attempt));
}

/**
 * Applies an approval to a step waiting for one, as its wait says: by default the step succeeds with the
 * decision (an `approval` node); `succeed` succeeds with the reviewed output; `execute` (a gate before a
 * side effect) records who approved and runs the step again in the same attempt — through the ready queue,
 * so a paused run starts it only on resume.
 */
export function approveStep(d: Draft, id: string, decision: ApprovalDecision): void {
  const wait = d.step(id).wait;
  const onApprove = wait?.reason === "approval" ? wait.on_approve : undefined;
  if (!onApprove) {
    succeedStep(d, id, decision);
    return;
  }
  switch (onApprove.kind) {
    case "succeed":
      succeedStep(d, id, onApprove.output ?? null);
      return;
    case "execute": {
      clearStepTimers(d, id);
      const step = d.setStepStatus(id, "pending");
      delete step.wait;
      step.approved_by = decision.by;
      if (decision.comment) step.approval_comment = decision.comment;
      step.reuse_attempt = true;
      d.pushReady(id);
      return;
    }
    default: {
      const _never: never = onApprove;
      throw new Error(`Unhandled on_approve ${JSON.stringify(_never)}`);
    }
  }
}

/** The output of a plain approval step, and what {@link approveStep} records. */
export interface ApprovalDecision {
  decision: "approved";
  by: string;
  comment: string | null;
  form: Record<string, unknown> | null;
  timed_out?: true;
}

/** An approval nobody decided in time: fail, or decide on the approvers' behalf as the node says. */
function expireApproval(d: Draft, id: string, action: "reject" | "approve" | "fail", waited: number): void {
  const label = d.node(id).label;
  if (action === "fail") {
    failStep(d, id, waitTimeoutError("approval_timeout", label, waited));
    return;
  }
  const decision = action === "approve" ? "approved" : "rejected";
  d.emit("approval.decided", { node_id: id, decision, by: "system", timed_out: true });
  if (decision === "approved") {
    approveStep(d, id, { decision, by: "system", comment: null, form: null, timed_out: true });
    return;
  }
  failStep(d, id, {
    code: "approval_rejected",
    message_human: `Approval “${label}” was rejected automatically: no decision within the time allowed`,
    message_tech: `approval on_timeout=reject after ${waited} ms`,
    retryable: false,
  });
}

/** Disarms every timer of the step's current attempt (deadline, resume, wait timeout). */
function clearStepTimers(d: Draft, id: string): void {
  const attempt = d.step(id).attempt;
  d.clearTimer(timerId.stepTimeout(id, attempt));
  d.clearTimer(timerId.resume(id, attempt));
  d.clearTimer(timerId.waitTimeout(id, attempt));
}
