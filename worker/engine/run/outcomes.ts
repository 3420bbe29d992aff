// What an executor reports after running a step attempt: succeeded, failed or "wait" (one discriminated union).
import { z } from "zod";
import { StepError } from "./errors";

const Millis = z.number().int().nonnegative();

/** What an external wait waits for: a task handed to something outside the run (a runner). */
export const ExternalRef = z.object({ kind: z.string().min(1), task_id: z.string().min(1) });
export type ExternalRef = z.infer<typeof ExternalRef>;

/**
 * What happens when an approval is approved. Absent: the step succeeds with the decision (an `approval`
 * node). `execute`: a gate before a side effect — the step runs again (same attempt) knowing it was approved.
 * `succeed`: a review of output already produced (an LLM answer) — the step succeeds with that output.
 */
export const OnApprove = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("execute") }),
  z.object({ kind: z.literal("succeed"), output: z.unknown() }),
]);
export type OnApprove = z.infer<typeof OnApprove>;

/**
 * How a step waits. `timer`: a durable timer (a `delay` node succeeds when it fires). `approval`, `event`
 * and `child` are resolved by events, or by their own optional `timeout_at` with an `on_timeout` action.
 * `external`: a task outside the run (a runner) reports back with `external_result`; without `timeout_at`
 * the node's own deadline keeps running, and a timeout cancels the task and fails the attempt (retryable).
 */
export const WaitRequest = z.discriminatedUnion("reason", [
  z.object({ reason: z.literal("timer"), resume_at: Millis }),
  z.object({
    reason: z.literal("approval"),
    timeout_at: Millis.optional(),
    /** Default `fail`. */
    on_timeout: z.enum(["reject", "approve", "fail"]).optional(),
    /** Shown to approvers (message, approvers, form fields); echoed in `approval.requested`. */
    request: z.record(z.string(), z.unknown()).optional(),
    /** Default: succeed with the decision. */
    on_approve: OnApprove.optional(),
  }),
  z.object({
    reason: z.literal("event"),
    event_name: z.string().min(1),
    /** When set, only a signal with the same key resumes the step. */
    correlation_key: z.string().optional(),
    timeout_at: Millis.optional(),
    /** Default `fail`; `continue` succeeds with `{ timed_out: true, payload: null }`. */
    on_timeout: z.enum(["fail", "continue"]).optional(),
  }),
  z.object({ reason: z.literal("child"), child_run_id: z.string().min(1), timeout_at: Millis.optional() }),
  z.object({ reason: z.literal("external"), external: ExternalRef, timeout_at: Millis.optional() }),
]);
export type WaitRequest = z.infer<typeof WaitRequest>;
/** The reasons a *step* can wait for (a run can also wait for `concurrency`). */
export type StepWaitReason = WaitRequest["reason"];

/**
 * The result of one step attempt, fed back to the reducer as `step_outcome`.
 * Parse executor results with it at the boundary: `StepOutcome.parse(raw)`.
 * @example { kind: "wait", wait: { reason: "timer", resume_at: now + 60_000 } } // a delay node
 */
export const StepOutcome = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("succeeded"), output: z.unknown() }),
  z.object({ kind: z.literal("failed"), error: StepError }),
  z.object({ kind: z.literal("wait"), wait: WaitRequest }),
]);
export type StepOutcome = z.infer<typeof StepOutcome>;

/**
 * What an external task reports (`external_result`): success with an output, or a failure — a retryable one
 * with attempts left runs the step again (a new attempt, so a new task).
 */
export const ExternalOutcome = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("succeeded"), output: z.unknown() }),
  z.object({ kind: z.literal("failed"), error: StepError }),
]);
export type ExternalOutcome = z.infer<typeof ExternalOutcome>;
