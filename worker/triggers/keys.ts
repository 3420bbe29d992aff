/**
 * Idempotency keys of trigger-started runs. The key decides which calls share a run: a caller's
 * `Idempotency-Key`, one finished source run, or a debounce window.
 */

/**
 * The key for a webhook call, or undefined when every call starts its own run. A debounce window
 * wins over the caller's key: coalescing is the trigger owner's promise, whatever callers send.
 * @example webhookIdempotencyKey({ triggerId: "trg_1", idempotencyKey: "order-7", debounceMs: null, nowMs }) // "hook:trg_1:order-7"
 */
export function webhookIdempotencyKey(input: {
  triggerId: string;
  idempotencyKey: string | undefined;
  debounceMs: number | null;
  nowMs: number;
}): string | undefined {
  if (input.debounceMs !== null) return debounceKey(input.triggerId, input.debounceMs, input.nowMs);
  return input.idempotencyKey === undefined ? undefined : `hook:${input.triggerId}:${input.idempotencyKey}`;
}

/**
 * The key for an event trigger firing on one finished run: a repeated notification for the same run
 * (the run object notifies at least once) starts nothing new. With a debounce window, every source
 * run finishing inside the window shares one run.
 */
export function eventIdempotencyKey(input: {
  eventTriggerId: string;
  sourceRunId: string;
  debounceMs: number | null;
  nowMs: number;
}): string {
  if (input.debounceMs !== null) return debounceKey(input.eventTriggerId, input.debounceMs, input.nowMs);
  return `event:${input.eventTriggerId}:${input.sourceRunId}`;
}

/**
 * Window coalescing: calls in the same fixed window of `debounceMs` (aligned to the epoch) share a key,
 * so the first starts the run and the rest get its id. This is a leading-edge throttle: the run sees
 * the first call's input, and a burst that straddles a window boundary starts two runs.
 * @example debounceKey("trg_1", 60_000, Date.parse("2026-01-01T00:00:30Z")) // "debounce:trg_1:29460000"
 */
export function debounceKey(triggerId: string, debounceMs: number, nowMs: number): string {
  if (!Number.isInteger(debounceMs) || debounceMs <= 0)
    throw new RangeError(`debounceMs must be > 0, got ${debounceMs}`);
  return `debounce:${triggerId}:${Math.floor(nowMs / debounceMs)}`;
}
