/**
 * Sync-mode webhooks: wait for a run to reach a terminal state, polling its run object with a
 * growing interval, until a deadline. Clock and sleep are injected so tests control time.
 */

const TERMINAL = new Set(["completed", "failed", "canceled"]);

/** True for a run status no run ever leaves. */
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

export interface WaitDeps {
  /** The run's current status (the run object's `status()`). */
  status: () => Promise<string>;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** First poll interval; it doubles up to {@link MAX_POLL_MS}. */
export const FIRST_POLL_MS = 25;
export const MAX_POLL_MS = 250;

/**
 * Polls until the run is terminal (returns its status) or `timeoutMs` has passed (returns null).
 * Never sleeps past the deadline.
 * @example const status = await waitForTerminal({ status: () => stub.status().then((s) => s.status), now: Date.now, sleep }, 10_000);
 */
export async function waitForTerminal(deps: WaitDeps, timeoutMs: number): Promise<string | null> {
  const deadline = deps.now() + timeoutMs;
  let interval = FIRST_POLL_MS;
  for (;;) {
    const status = await deps.status();
    if (isTerminal(status)) return status;
    const left = deadline - deps.now();
    if (left <= 0) return null;
    await deps.sleep(Math.min(interval, left));
    interval = Math.min(interval * 2, MAX_POLL_MS);
  }
}
