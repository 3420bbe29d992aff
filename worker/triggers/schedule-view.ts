/** A stored schedule as the API shows it: description and the next 5 fire times, computed from `now`. */
import { NEXT_RUNS_COUNT, type ScheduleResponse } from "../contracts/schedule";
import { type CronSchedule, nextFireTime, nextFireTimes, parseSchedule } from "../engine/schedule/cron";
import type { MissedRunPolicy } from "../engine/schedule/due";

/** The schedule columns the view needs (times in ms). */
export interface StoredSchedule {
  cron: string;
  timezone: string;
  enabled: boolean;
  missedRunPolicy: MissedRunPolicy;
  nextRunAt: number | null;
  lastScheduledRun: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Parses a stored schedule; throws if it no longer parses (the route answers 500 and logs it). */
export function mustParse(stored: Pick<StoredSchedule, "cron" | "timezone">): CronSchedule {
  const parsed = parseSchedule(stored);
  if (!parsed.ok) throw new Error(`stored schedule no longer parses: ${parsed.error.message}`);
  return parsed.schedule;
}

/**
 * The `next_run_at` to store for a schedule saved at `now`: the first fire time after `now`, or null
 * while disabled (the cron only looks at enabled schedules with a time).
 */
export function initialNextRunAt(schedule: CronSchedule, enabled: boolean, now: number): number | null {
  return enabled ? nextFireTime(schedule, new Date(now)).getTime() : null;
}

/** The API response for a stored schedule at `now`. */
export function toScheduleResponse(stored: StoredSchedule, now: number): ScheduleResponse {
  const schedule = mustParse(stored);
  return {
    cron: schedule.cron,
    timezone: schedule.timezone,
    enabled: stored.enabled,
    missed_run_policy: stored.missedRunPolicy,
    description: schedule.description,
    next_runs: nextFireTimes(schedule, new Date(now), NEXT_RUNS_COUNT).map((d) => d.toISOString()),
    next_run_at: iso(stored.nextRunAt),
    last_scheduled_run: iso(stored.lastScheduledRun),
  };
}
