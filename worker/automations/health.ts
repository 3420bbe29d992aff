/**
 * Destination health: the rule that disables a destination whose deliveries have all failed for a
 * sustained period (default: every attempt for 24 hours, and at least 10 of them). The streak itself
 * is kept on the destination row and updated atomically in SQL after every attempt.
 */

/** The streak kept on the destination row. */
export interface DestinationHealth {
  /** When the current run of failures began; null when the last attempt succeeded. */
  failingSince: number | null;
  consecutiveFailures: number;
}

export interface DisablePolicy {
  /** How long every attempt must have failed. */
  afterMs: number;
  /** And at least this many attempts, so one slow retry can't disable a quiet destination. */
  minFailures: number;
}

export const DEFAULT_DISABLE_POLICY: DisablePolicy = { afterMs: 24 * 3600 * 1000, minFailures: 10 };

/** "24 hours", "90 minutes", "45 seconds": for the reason people read in the audit trail. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds % 86_400 === 0 && seconds >= 86_400 * 2) return unit(seconds / 86_400, "day");
  if (seconds % 3600 === 0 && seconds >= 3600) return unit(seconds / 3600, "hour");
  if (seconds % 60 === 0 && seconds >= 60) return unit(seconds / 60, "minute");
  return unit(seconds, "second");
}

export type DisableDecision = { disable: false } | { disable: true; reason: string };

/** Whether the streak has lasted long enough, with enough attempts, to disable the destination. */
export function shouldAutoDisable(health: DestinationHealth, policy: DisablePolicy, nowMs: number): DisableDecision {
  if (health.failingSince === null) return { disable: false };
  const failingFor = nowMs - health.failingSince;
  if (failingFor < policy.afterMs || health.consecutiveFailures < policy.minFailures) return { disable: false };
  return {
    disable: true,
    reason:
      `Every delivery attempt failed for ${formatDuration(policy.afterMs)} or more ` +
      `(${health.consecutiveFailures} attempts in a row since ${new Date(health.failingSince).toISOString()})`,
  };
}
