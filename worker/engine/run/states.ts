// Run and step statuses with their transition tables: the only legal moves of the run state machine.
import { z } from "zod";
import { IllegalTransitionError } from "./errors";

/** Every status a run can be in (SPEC §4). */
export const RunStatus = z.enum([
  "queued",
  "running",
  "needs_review",
  "ready",
  "waiting",
  "paused",
  "completed",
  "failed",
  "canceled",
]);
export type RunStatus = z.infer<typeof RunStatus>;

/** Why a run is `waiting`. `concurrency` is the only reason a run that never started can wait for. */
export const WaitReason = z.enum(["approval", "event", "timer", "child", "external", "concurrency"]);
export type WaitReason = z.infer<typeof WaitReason>;

/** Every status a step can be in. */
export const StepStatus = z.enum(["pending", "running", "waiting", "succeeded", "failed", "skipped", "canceled"]);
export type StepStatus = z.infer<typeof StepStatus>;

/** The run statuses a run never leaves. */
export type TerminalRunStatus = "completed" | "failed" | "canceled";
/** The step statuses a step never leaves. */
export type TerminalStepStatus = "succeeded" | "failed" | "skipped" | "canceled";

/**
 * Allowed run moves. `failed` is also reachable from `waiting` and `paused` because deadlines (run
 * timeout) keep running while a run waits or is paused: a failure must not pretend the run resumed.
 * Everything else follows SPEC §4 to the letter.
 */
export const RUN_TRANSITIONS = {
  queued: ["running", "waiting", "canceled"],
  running: ["completed", "failed", "canceled", "needs_review", "waiting", "paused"],
  needs_review: ["ready", "canceled"],
  ready: ["running", "canceled"],
  waiting: ["running", "paused", "failed", "canceled"],
  paused: ["running", "waiting", "failed", "canceled"],
  completed: [],
  failed: [],
  canceled: [],
} as const satisfies Record<RunStatus, readonly RunStatus[]>;

/**
 * Allowed step moves. `running → pending` is a scheduled retry. `waiting → pending` is a retry after an
 * external task failed, or a step approved at a gate (`on_approve: execute`) queued to run again.
 */
export const STEP_TRANSITIONS = {
  pending: ["running", "skipped", "canceled"],
  running: ["succeeded", "failed", "waiting", "pending", "canceled"],
  waiting: ["running", "pending", "succeeded", "failed", "canceled"],
  succeeded: [],
  failed: [],
  skipped: [],
  canceled: [],
} as const satisfies Record<StepStatus, readonly StepStatus[]>;

/**
 * Whether a run may move from `from` to `to`. A run that has not started (`queued`) may only wait for a
 * concurrency slot, so `queued → waiting` requires `reason: "concurrency"` when a reason is given.
 * @example canTransitionRun("running", "paused") // true
 */
export function canTransitionRun(from: RunStatus, to: RunStatus, reason?: WaitReason): boolean {
  const allowed: readonly RunStatus[] = RUN_TRANSITIONS[from];
  if (!allowed.includes(to)) return false;
  if (from === "queued" && to === "waiting" && reason !== undefined && reason !== "concurrency") return false;
  return true;
}

/** Throws {@link IllegalTransitionError} unless the run move is allowed. */
export function assertRunTransition(from: RunStatus, to: RunStatus, reason?: WaitReason): void {
  if (!canTransitionRun(from, to, reason)) throw new IllegalTransitionError("run", from, to);
}

/** Whether a step may move from `from` to `to`. */
export function canTransitionStep(from: StepStatus, to: StepStatus): boolean {
  const allowed: readonly StepStatus[] = STEP_TRANSITIONS[from];
  return allowed.includes(to);
}

/** Throws {@link IllegalTransitionError} unless the step move is allowed. */
export function assertStepTransition(from: StepStatus, to: StepStatus, nodeId?: string): void {
  if (!canTransitionStep(from, to)) throw new IllegalTransitionError("step", from, to, nodeId);
}

/** True for `completed`, `failed` and `canceled`. */
export function isTerminalRunStatus(status: RunStatus): status is TerminalRunStatus {
  return RUN_TRANSITIONS[status].length === 0;
}

/** True for `succeeded`, `failed`, `skipped` and `canceled`. */
export function isTerminalStepStatus(status: StepStatus): status is TerminalStepStatus {
  return STEP_TRANSITIONS[status].length === 0;
}
