// The step error model (code, human and technical messages, retryable, retry-after) and the engine's own errors.
import { z } from "zod";

/**
 * What a failed step attempt reports. `retryable: false` stops retries at once; `retry_after_ms` is the
 * minimum wait before the next attempt (e.g. an HTTP `Retry-After`). Persisted on the step as
 * `error_human` / `error_tech`.
 */
export const StepError = z.object({
  code: z.string().min(1),
  message_human: z.string(),
  message_tech: z.string().optional(),
  retryable: z.boolean(),
  retry_after_ms: z.number().int().nonnegative().optional(),
  details: z.unknown().optional(),
});
export type StepError = z.infer<typeof StepError>;

/** Codes the engine itself produces. Executors add their own (`http_status_5xx`, `network_blocked`, …). */
export const ENGINE_ERROR_CODES = [
  "step_timeout",
  "run_timeout",
  "approval_rejected",
  "approval_timeout",
  "wait_timeout",
  "child_failed",
  "child_canceled",
  "child_timeout",
  "invalid_branch_output",
  "engine_stalled",
  "unknown",
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/**
 * An error an executor throws to fail its step with a precise {@link StepError} (in the spirit of
 * inngest's `NonRetriableError` / `RetryAfterError`).
 * @example throw new StepFailure({ code: "http_status_4xx", message_human: "The API refused the request", retryable: false });
 */
export class StepFailure extends Error {
  readonly stepError: StepError;
  constructor(stepError: StepError, options?: { cause?: unknown }) {
    super(stepError.message_tech ?? stepError.message_human, options);
    this.name = "StepFailure";
    this.stepError = stepError;
  }
}

/**
 * Normalises anything an executor threw into a {@link StepError}. Unknown exceptions are retryable
 * (a transient bug or outage is the common case) with code `unknown`.
 */
export function toStepError(err: unknown): StepError {
  if (err instanceof StepFailure) return err.stepError;
  const tech = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { code: "unknown", message_human: "The step failed unexpectedly", message_tech: tech, retryable: true };
}

/** Thrown when code asks the state machine for a move its transition table refuses (a bug, never user input). */
export class IllegalTransitionError extends Error {
  readonly entity: "run" | "step";
  readonly from: string;
  readonly to: string;
  readonly nodeId: string | undefined;
  constructor(entity: "run" | "step", from: string, to: string, nodeId?: string) {
    super(`Illegal ${entity} transition ${from} → ${to}${nodeId ? ` (step ${nodeId})` : ""}`);
    this.name = "IllegalTransitionError";
    this.entity = entity;
    this.from = from;
    this.to = to;
    this.nodeId = nodeId;
  }
}

/** Thrown by `compileGraph` / `createRunState` for a graph or run options the engine cannot run. */
export class EngineInputError extends Error {
  readonly code: "invalid_graph" | "invalid_run_options";
  constructor(code: "invalid_graph" | "invalid_run_options", message: string) {
    super(message);
    this.name = "EngineInputError";
    this.code = code;
  }
}

const UNITS = [
  { ms: 86_400_000, one: "day", many: "days" },
  { ms: 3_600_000, one: "hour", many: "hours" },
  { ms: 60_000, one: "minute", many: "minutes" },
  { ms: 1_000, one: "second", many: "seconds" },
] as const;

/**
 * A duration for people: the two largest non-zero units.
 * @example formatDuration(120_000) // "2 minutes"; formatDuration(90_000) // "1 minute 30 seconds"
 */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))} ms`;
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const unit of UNITS) {
    const n = Math.floor(rest / unit.ms);
    rest -= n * unit.ms;
    if (n > 0) parts.push(`${n} ${n === 1 ? unit.one : unit.many}`);
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}

/** `“Fetch user”` (the node's name, else its id) for human messages. */
export function quoteStep(label: string): string {
  return `“${label}”`;
}

/** A step attempt that outlived its node timeout. Retryable: a slow dependency often recovers. */
export function stepTimeoutError(label: string, timeoutMs: number, attempt: number): StepError {
  return {
    code: "step_timeout",
    message_human: `Step ${quoteStep(label)} did not finish within ${formatDuration(timeoutMs)}`,
    message_tech: `attempt ${attempt} exceeded timeout_ms=${timeoutMs}`,
    retryable: true,
  };
}

/** The whole run outlived `settings.run_timeout_ms`. */
export function runTimeoutError(timeoutMs: number): StepError {
  return {
    code: "run_timeout",
    message_human: `The run did not finish within ${formatDuration(timeoutMs)}`,
    message_tech: `run exceeded run_timeout_ms=${timeoutMs}`,
    retryable: false,
  };
}

/** A person (or the timeout policy) rejected an approval. Never retried: asking again needs a rerun. */
export function approvalRejectedError(label: string, by: string, comment?: string): StepError {
  const why = comment?.trim() ? `: ${comment.trim()}` : " (no reason given)";
  return {
    code: "approval_rejected",
    message_human: `Approval ${quoteStep(label)} was rejected by ${by}${why}`,
    message_tech: `approval rejected by=${by}`,
    retryable: false,
  };
}

/** A wait (approval, event or child run) reached its own timeout with `on_timeout: "fail"`. */
export function waitTimeoutError(
  code: "approval_timeout" | "wait_timeout" | "child_timeout",
  label: string,
  waitedMs: number,
): StepError {
  const what =
    code === "approval_timeout" ? "No approval decision" : code === "child_timeout" ? "The child run" : "No event";
  const tail = code === "child_timeout" ? "did not finish" : "arrived";
  return {
    code,
    message_human: `${what} for step ${quoteStep(label)} ${tail} within ${formatDuration(waitedMs)}`,
    message_tech: `${code} after ${waitedMs} ms`,
    retryable: false,
  };
}

/** A condition/switch produced an output the engine cannot branch on. */
export function invalidBranchOutputError(label: string, type: string, output: unknown): StepError {
  const expected = type === "condition" ? "{ result: boolean }" : "{ value }";
  return {
    code: "invalid_branch_output",
    message_human: `Step ${quoteStep(label)} did not produce a decision the workflow can branch on`,
    message_tech: `${type} output must be ${expected}, got ${safeJson(output)}`,
    retryable: false,
  };
}

function safeJson(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value);
  }
}
