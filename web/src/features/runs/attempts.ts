/** A step's attempt history as rows a person reads: outcome, error, how long it ran, and the wait before each retry. */
import type { StepView } from "../../../../worker/contracts/runs";
import { elapsedMs, formatDuration } from "./timing";

type Attempt = StepView["attempt_history"][number];

/** The wait scheduled after a failed attempt. */
export type RetryWait =
  /** The next attempt has started (or the step moved on): `delayMs` is the backoff that was applied. */
  | { kind: "done"; at: string; delayMs: number }
  /** The next attempt is still ahead: it is due in `inMs` (0 when due now). */
  | { kind: "scheduled"; at: string; delayMs: number; inMs: number };

/** One attempt as the step panel shows it. */
export interface AttemptRow {
  attempt: number;
  outcome: Attempt["outcome"];
  /** The attempt's human error, else its error code, else null. */
  error: string | null;
  errorCode: string | null;
  startedAt: string;
  finishedAt: string | null;
  /** Running time of the attempt (to `now` while it runs). */
  durationMs: number | null;
  /** Null when this attempt was not followed by a retry. */
  retry: RetryWait | null;
}

/** Words for each attempt outcome. */
export const OUTCOME_LABEL: Readonly<Record<Attempt["outcome"], string>> = {
  succeeded: "Succeeded",
  failed: "Failed",
  waiting: "Waiting",
  interrupted: "Interrupted (ran again)",
};

function retryOf(attempt: Attempt, next: Attempt | undefined, now: number): RetryWait | null {
  if (!attempt.retry_at) return null;
  const at = Date.parse(attempt.retry_at);
  const from = Date.parse(attempt.finished_at ?? attempt.started_at);
  if (Number.isNaN(at) || Number.isNaN(from)) return null;
  const delayMs = Math.max(0, at - from);
  if (next) return { kind: "done", at: attempt.retry_at, delayMs };
  return { kind: "scheduled", at: attempt.retry_at, delayMs, inMs: Math.max(0, at - now) };
}

/**
 * Attempts in order with the backoff delay before each retry (`retry_at` minus the end of the failed attempt).
 * `now` (injected, for tests) counts a running attempt's time and the time left until a scheduled retry.
 * @example attemptRows(step.attempt_history, Date.now())[0]?.retry // { kind: "done", delayMs: 212, … }
 */
export function attemptRows(history: readonly Attempt[], now: number): AttemptRow[] {
  const sorted = [...history].sort((a, b) => a.attempt - b.attempt);
  return sorted.map((attempt, index) => ({
    attempt: attempt.attempt,
    outcome: attempt.outcome,
    error: attempt.error_human ?? attempt.error_code,
    errorCode: attempt.error_code,
    startedAt: attempt.started_at,
    finishedAt: attempt.finished_at,
    durationMs: elapsedMs(attempt.started_at, attempt.finished_at, now),
    retry: retryOf(attempt, sorted[index + 1], now),
  }));
}

/** Sum of the backoff waits between attempts: how much of a slow step was spent waiting to retry. */
export function totalRetryWaitMs(rows: readonly AttemptRow[]): number {
  return rows.reduce((sum, row) => sum + (row.retry?.delayMs ?? 0), 0);
}

/**
 * What happened after an attempt, in words: nothing, the backoff that was waited, or when the next attempt is due.
 * @example retryText({ kind: "done", at: "…", delayMs: 1_500 }) // "Retried after 1.5 s"
 */
export function retryText(retry: RetryWait | null): string {
  if (retry === null) return "—";
  switch (retry.kind) {
    case "done":
      return `Retried after ${formatDuration(retry.delayMs)}`;
    case "scheduled":
      return retry.inMs > 0
        ? `Retry in ${formatDuration(retry.inMs)} (backoff ${formatDuration(retry.delayMs)})`
        : `Retry due now (backoff ${formatDuration(retry.delayMs)})`;
    default: {
      const _never: never = retry;
      throw new Error(`unknown retry ${JSON.stringify(_never)}`);
    }
  }
}
