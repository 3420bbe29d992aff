// What an executor reports after running a step attempt: succeeded, failed or "wait" (one discriminated union).
import { z } from "zod";
import { StepError } from "./errors";

const Millis = z.number().int().nonnegative();

/**
 * How a step waits. `timer`: a durable timer (a `delay` node succeeds when it fires). `approval`, `event`
 * and `child` are resolved by events, or by their own optional `timeout_at` with an `on_timeout` action.
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
