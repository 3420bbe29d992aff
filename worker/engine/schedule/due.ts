/** Which runs the minute Cron Trigger starts for a schedule, and where its next_run_at moves. */
import { type CronSchedule, lastFireTimeAtOrBefore, nextFireTime } from "./cron";

/** What to do with fire times that passed while nothing was ticking (downtime, a disabled cron). */
export const MISSED_RUN_POLICIES = ["skip", "run_once"] as const;
export type MissedRunPolicy = (typeof MISSED_RUN_POLICIES)[number];

/**
 * How late a fire time may be and still run under `skip`: one minute, so a tick that is late or a
 * single lost tick of the minute Cron Trigger doesn't drop a run, but downtime does.
 */
export const SKIP_GRACE_MS = 60_000;

export interface DueInput {
  /** The schedule's stored next fire time. */
  next_run_at: Date;
  /** The tick's time; pass the Cron Trigger's `scheduledTime` so a slow invocation isn't "late". */
  now: Date;
  policy: MissedRunPolicy;
  /** Lateness allowed under `skip`, in ms; defaults to {@link SKIP_GRACE_MS}. */
  grace_ms?: number;
}

export interface DueResult {
  /** Due times to start one run each for (zero or one entry), oldest first. */
  fire: Date[];
  /** The next_run_at to store: unchanged when not due, else the first fire time strictly after `now`. */
  next_run_at: Date;
  /** True when at least one due time gets no run (skipped or folded into the one run), for a log line. */
  missed: boolean;
}

/**
 * Decides what a tick does for one schedule. Not due (`next_run_at > now`): nothing, next_run_at
 * unchanged. Due: the due times are `next_run_at` and every fire time after it up to and including
 * `now`; let `latest` be the last of them.
 * - `skip`: fire `latest` only if `now - latest <= grace_ms` (60 s), else fire nothing. So an
 *   on-time tick fires, and after downtime the missed times are dropped; if the downtime ends just
 *   as a fire time comes round, that one still fires.
 * - `run_once`: fire `latest`, exactly once, however many times were missed.
 * Either way next_run_at moves to the first fire time strictly after `now`, and at most one run
 * starts per call. The caller makes that hold across overlapping ticks: claim the schedule with a
 * compare-and-set on the old next_run_at, and start each run with {@link scheduleIdempotencyKey}.
 * @example
 * const { fire, next_run_at } = dueOccurrences(schedule, { next_run_at: row.next_run_at, now, policy: "skip" });
 */
export function dueOccurrences(schedule: CronSchedule, input: DueInput): DueResult {
  const { now, policy } = input;
  const grace = input.grace_ms ?? SKIP_GRACE_MS;
  if (!Number.isFinite(grace) || grace < 0) throw new RangeError(`grace_ms must be >= 0, got ${grace}`);
  if (Number.isNaN(input.next_run_at.getTime()) || Number.isNaN(now.getTime())) {
    throw new RangeError("next_run_at and now must be valid Dates");
  }
  if (input.next_run_at.getTime() > now.getTime()) {
    return { fire: [], next_run_at: input.next_run_at, missed: false };
  }

  // The stored next_run_at is a due time even if the cron was edited since and no longer matches
  // it: it is the time the user was shown.
  const lastOnCron = lastFireTimeAtOrBefore(schedule, now);
  const latest =
    lastOnCron !== null && lastOnCron.getTime() > input.next_run_at.getTime() ? lastOnCron : input.next_run_at;

  let fire: Date[];
  switch (policy) {
    case "skip":
      fire = now.getTime() - latest.getTime() <= grace ? [latest] : [];
      break;
    case "run_once":
      fire = [latest];
      break;
    default: {
      const _never: never = policy;
      throw new Error(`Unknown missed-run policy: ${String(_never)}`);
    }
  }
  // Anything before `latest` was due too, so it got no run of its own.
  const missed = fire.length === 0 || latest.getTime() > input.next_run_at.getTime();
  return { fire, next_run_at: nextFireTime(schedule, now), missed };
}

/**
 * The idempotency key for the run a schedule starts for one due time. Every tick that sees the same
 * due time makes the same key, so retries and overlapping invocations start the run only once.
 * @example scheduleIdempotencyKey("sch_1", new Date("2026-03-29T07:00:00Z")) // "schedule:sch_1:2026-03-29T07:00:00.000Z"
 */
export function scheduleIdempotencyKey(scheduleId: string, due: Date): string {
  return `schedule:${scheduleId}:${due.toISOString()}`;
}
