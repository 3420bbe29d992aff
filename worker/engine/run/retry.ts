// Retry policy: whether a failed attempt is retried and after how long (full-jitter exponential backoff).
import type { StepError } from "./errors";
import type { EngineRetryPolicy } from "./graph-view";

/** No retry unless the node asks for it: a surprise second HTTP POST is worse than a visible failure. */
export const DEFAULT_RETRY_POLICY: EngineRetryPolicy = {
  max_attempts: 1,
  backoff: "exponential",
  base_delay_ms: 1_000,
};

/** Cap of an exponential delay when the policy sets no `max_delay_ms` (1 hour). */
export const DEFAULT_MAX_DELAY_MS = 3_600_000;

/** Why a failed attempt is not retried. */
export type GiveUpReason = "non_retryable" | "non_retryable_code" | "attempts_exhausted";

/** The retry decision for one failed attempt. */
export type RetryDecision = { kind: "retry"; delay_ms: number } | { kind: "give_up"; reason: GiveUpReason };

/**
 * Backoff before the attempt after `attempt` (1-based, the one that just failed).
 * Exponential is "full jitter" (AWS architecture blog): `random() * min(cap, base * 2^(attempt-1))`, so
 * many runs failing at once don't retry in lockstep. Fixed is exactly `base_delay_ms`.
 * @example backoffDelay({ max_attempts: 5, backoff: "exponential", base_delay_ms: 1000 }, 3, () => 1) // 4000
 */
export function backoffDelay(policy: EngineRetryPolicy, attempt: number, random: () => number): number {
  switch (policy.backoff) {
    case "fixed":
      return Math.max(0, policy.base_delay_ms);
    case "exponential": {
      const cap = policy.max_delay_ms ?? DEFAULT_MAX_DELAY_MS;
      const ceiling = Math.min(cap, policy.base_delay_ms * 2 ** Math.max(0, attempt - 1));
      return Math.max(0, Math.floor(clamp01(random()) * ceiling));
    }
    default: {
      const _never: never = policy.backoff;
      return _never;
    }
  }
}

/**
 * Decides whether to retry after `attempt` failed with `error`. The error's `retry_after_ms` is honoured
 * as a minimum delay; codes listed in `non_retryable_codes` never retry.
 */
export function decideRetry(
  policy: EngineRetryPolicy | undefined,
  error: StepError,
  attempt: number,
  random: () => number,
): RetryDecision {
  const p = policy ?? DEFAULT_RETRY_POLICY;
  if (!error.retryable) return { kind: "give_up", reason: "non_retryable" };
  if (p.non_retryable_codes?.includes(error.code)) return { kind: "give_up", reason: "non_retryable_code" };
  if (attempt >= p.max_attempts) return { kind: "give_up", reason: "attempts_exhausted" };
  const delay = backoffDelay(p, attempt, random);
  return { kind: "retry", delay_ms: Math.max(delay, error.retry_after_ms ?? 0) };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/**
 * A deterministic pseudo-random number in [0, 1) from a string (FNV-1a hash). The reducer uses it as
 * the default jitter source so replaying the same event yields the same delay.
 */
export function hashRandom(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche so near-identical seeds (attempt 1 vs 2) spread over the range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4_294_967_296;
}
