/**
 * The delivery retry schedule: attempt at once, then after each configured delay (default 60 s,
 * 5 min, 15 min, 1 h, 6 h: six attempts in all); a 2xx answer is success.
 */

/** Seconds to wait before attempts 2, 3, …; the schedule in SPEC §7. */
export const DEFAULT_RETRY_DELAYS_S: readonly number[] = [60, 300, 900, 3600, 21_600];

/** Cloudflare Queues refuse `retry({ delaySeconds })` above 12 hours. */
export const MAX_QUEUE_DELAY_S = 43_200;

/** A delivery attempt succeeds on any 2xx. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** Attempts in one round: the first, plus one per delay. */
export function attemptsPerRound(delays: readonly number[]): number {
  return delays.length + 1;
}

/**
 * Parses `DELIVERY_RETRY_DELAYS_S` ("60,300,900"). Returns the default with a warning when the
 * text is missing or wrong, so a typo in configuration can't stop deliveries.
 */
export function parseRetryDelays(text: string | undefined): { delays: number[]; warning: string | null } {
  if (text === undefined || text.trim() === "") return { delays: [...DEFAULT_RETRY_DELAYS_S], warning: null };
  const parts = text.split(",").map((part) => part.trim());
  const delays = parts.map(Number);
  const valid =
    parts.length <= 20 &&
    parts.every((part) => /^\d+$/.test(part)) &&
    delays.every((delay) => Number.isInteger(delay) && delay >= 0 && delay <= MAX_QUEUE_DELAY_S);
  if (!valid) {
    return {
      delays: [...DEFAULT_RETRY_DELAYS_S],
      warning: `DELIVERY_RETRY_DELAYS_S="${text}" is not a list of 0–${MAX_QUEUE_DELAY_S} second delays; using the default`,
    };
  }
  return { delays, warning: null };
}

/** What to do after a failed attempt. */
export type RetryDecision = { kind: "retry"; delaySeconds: number; nextAttemptAt: number } | { kind: "give_up" };

/**
 * After the `roundAttempts`-th attempt of a round failed (1-based): retry after the matching delay,
 * or give up when the round's attempts are spent.
 * @example decideAfterFailure(1, [60, 300], now) // { kind: "retry", delaySeconds: 60, nextAttemptAt: now + 60_000 }
 */
export function decideAfterFailure(roundAttempts: number, delays: readonly number[], nowMs: number): RetryDecision {
  const delay = delays[roundAttempts - 1];
  if (roundAttempts < 1 || delay === undefined) return { kind: "give_up" };
  return { kind: "retry", delaySeconds: delay, nextAttemptAt: nowMs + delay * 1000 };
}
