/** Cron schedules with a time zone: validation, human description and DST-correct fire times. */
import { Cron, type CronOptions } from "croner";
import cronstrue from "cronstrue";
import { parseTimeZone } from "./timezone";

/** Codes of {@link ScheduleError}; the route maps both to a 400 with the field that failed. */
export const SCHEDULE_ERROR_CODES = ["invalid_cron", "invalid_timezone"] as const;
export type ScheduleErrorCode = (typeof SCHEDULE_ERROR_CODES)[number];

/** Why a schedule was refused, with a message written for the person who typed it. */
export interface ScheduleError {
  readonly code: ScheduleErrorCode;
  readonly message: string;
}

/** The aliases accepted in place of 5 fields (croner expands them; cronstrue describes them). */
export const CRON_ALIASES = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"] as const;

/** Longest expression accepted; real ones are far shorter, this only bounds parsing work. */
export const CRON_MAX_LENGTH = 120;

declare const validated: unique symbol;

/**
 * A schedule that {@link parseSchedule} accepted. Only `parseSchedule` makes one (the brand), so the
 * functions taking it never see an invalid expression or zone. A plain object at runtime: store
 * `cron` and `timezone`, and parse them again when read back.
 */
export interface CronSchedule {
  /** The expression as written, whitespace collapsed and an alias lower-cased: "0 9 * * 1-5", "@daily". */
  readonly cron: string;
  /** IANA time zone the expression's wall-clock times are read in. */
  readonly timezone: string;
  /** Human description of `cron`, e.g. "At 09:00, Monday through Friday". */
  readonly description: string;
  readonly [validated]: true;
}

export type CronResult = { ok: true; cron: string; description: string } | { ok: false; error: ScheduleError };
export type ScheduleResult = { ok: true; schedule: CronSchedule } | { ok: false; error: ScheduleError };

// "5-part" refuses seconds and years. "no-wildcard" makes every time without `*` or a step a
// fixed time for DST (as in Vixie cron): `30 2,14 * * *` runs once at 02:30 on the fall-back day,
// not twice, and at the jump on the spring-forward day. Expressions with `*` or a step in the minute
// or hour are interval jobs: they follow real elapsed time (see croner's `fixedTimeRule`).
const CRONER_OPTIONS = { mode: "5-part", fixedTimeRule: "no-wildcard" } as const satisfies CronOptions;

// Any 5-field expression that fires at all fires within a 400-year Gregorian cycle, and croner looks
// ahead to the year 3000, so searching from a constant start finds "never fires" without a clock.
const SEARCH_ORIGIN = new Date(0);

const FIELD_HINT = 'use 5 fields "minute hour day-of-month month day-of-week", e.g. "0 9 * * 1-5"';

/**
 * Validates a 5-field cron expression (or an alias such as `@daily`) and describes it.
 * Refused: 6 or 7 fields (seconds, years), `@reboot`, values out of range, croner-only syntax that
 * cronstrue can't describe, and expressions that never fire (e.g. `0 0 30 2 *`).
 * @example parseCron("*\/15 * * * *") // { ok: true, cron: "*\/15 * * * *", description: "Every 15 minutes" }
 */
export function parseCron(input: string): CronResult {
  const cron = input.trim().replace(/\s+/g, " ");
  if (cron === "") return invalidCron(`A cron expression is required: ${FIELD_HINT}`);
  if (cron.length > CRON_MAX_LENGTH) return invalidCron(`Cron expression is too long (max ${CRON_MAX_LENGTH})`);

  let expression = cron;
  if (cron.startsWith("@")) {
    const alias = cron.toLowerCase();
    if (alias === "@reboot") return invalidCron("@reboot is not supported: a schedule needs a time of day");
    if (!isAlias(alias)) return invalidCron(`Unknown cron alias "${cron}": use one of ${CRON_ALIASES.join(", ")}`);
    expression = alias;
  } else {
    const fields = cron.split(" ").length;
    if (fields !== 5) {
      const why = fields > 5 ? "seconds and years are not supported" : "fields are missing";
      return invalidCron(
        `Invalid cron expression "${cron}": it has ${fields} field${fields === 1 ? "" : "s"}, ${why}; ${FIELD_HINT}`,
      );
    }
  }

  let job: Cron;
  try {
    job = new Cron(expression, { ...CRONER_OPTIONS, timezone: "UTC" });
  } catch (err) {
    // cronstrue names the field ("minutes part must be >= 0 and <= 59") where croner speaks in
    // offsets ("Invalid value for month: 12" for 13), so prefer its message when it also refuses.
    const described = tryDescribe(expression);
    const reason = described.ok ? errorText(err).replace(/^CronPattern:\s*/, "") : described.reason;
    return invalidCron(`Invalid cron expression "${cron}": ${reason}`);
  }
  const described = tryDescribe(expression);
  if (!described.ok) return invalidCron(`Invalid cron expression "${cron}": ${described.reason}`);
  if (job.nextRuns(1, SEARCH_ORIGIN).length === 0) {
    return invalidCron(`Cron expression "${cron}" never fires (no such date)`);
  }
  return { ok: true, cron: expression, description: described.text };
}

/**
 * Validates a cron expression and an IANA time zone together. The cron is checked first, so a
 * request with both wrong reports `invalid_cron`; use {@link parseCron} and `parseTimeZone` to report
 * each field separately.
 * @example
 * const parsed = parseSchedule({ cron: "0 9 * * *", timezone: "Europe/Berlin" });
 * if (!parsed.ok) throw new AppError("validation_failed", parsed.error.message);
 */
export function parseSchedule(input: { cron: string; timezone: string }): ScheduleResult {
  const cron = parseCron(input.cron);
  if (!cron.ok) return cron;
  const zone = parseTimeZone(input.timezone);
  if (!zone.ok) return zone;
  const schedule = { cron: cron.cron, timezone: zone.timezone, description: cron.description } as CronSchedule;
  // A time that exists only inside a DST gap can make an interval job never fire in one zone.
  if (jobFor(schedule).nextRuns(1, SEARCH_ORIGIN).length === 0) {
    return invalidCron(`Cron expression "${cron.cron}" never fires in ${zone.timezone}`);
  }
  return { ok: true, schedule };
}

/**
 * Human description of a valid cron expression, in English with a 24-hour clock.
 * @throws RangeError when the expression is not valid; check input with {@link parseCron} first.
 * @example describeCron("0 9 * * 1-5") // "At 09:00, Monday through Friday"
 */
export function describeCron(cron: string): string {
  const parsed = parseCron(cron);
  if (!parsed.ok) throw new RangeError(parsed.error.message);
  return parsed.description;
}

/**
 * The next `count` fire times strictly after `after`, as UTC instants, in the schedule's time zone
 * with DST applied. Fewer only past the year 3000, where croner stops searching.
 * DST: a fixed time in the spring-forward gap (02:30 in Berlin) fires once, at the moment the clock
 * jumps (03:00 local); a fixed time that happens twice on fall-back day fires once, at its first
 * occurrence. Interval expressions (`*\/15 * * * *`) follow real elapsed time through both.
 * @example nextFireTimes(schedule, new Date("2026-03-27T00:00:00Z"), 5)
 */
export function nextFireTimes(schedule: CronSchedule, after: Date, count: number): Date[] {
  assertDate(after, "after");
  if (!Number.isInteger(count) || count < 0 || count > 1000) {
    throw new RangeError(`count must be an integer from 0 to 1000, got ${count}`);
  }
  return jobFor(schedule).nextRuns(count, after);
}

/**
 * The first fire time strictly after `after`: the `next_run_at` to store when a schedule is created,
 * edited or re-enabled.
 * @throws Error if the schedule has no future fire time (not reachable for a parsed schedule).
 */
export function nextFireTime(schedule: CronSchedule, after: Date): Date {
  const [next] = nextFireTimes(schedule, after, 1);
  if (next === undefined) throw new Error(`Schedule "${schedule.cron}" has no fire time after ${after.toISOString()}`);
  return next;
}

/**
 * The latest fire time at or before `at` (a fire time exactly at `at` counts), or null if none.
 * Found by searching backwards, so its cost doesn't grow with how long ago the schedule last fired.
 */
export function lastFireTimeAtOrBefore(schedule: CronSchedule, at: Date): Date | null {
  assertDate(at, "at");
  // croner's previousRuns is strictly before its reference; fire times are whole minutes, so
  // "before at + 1 ms" is exactly "at or before at".
  const [last] = jobFor(schedule).previousRuns(1, new Date(at.getTime() + 1));
  return last ?? null;
}

/** A croner job used only for date arithmetic: without a callback it never starts a timer. */
function jobFor(schedule: CronSchedule): Cron {
  return new Cron(schedule.cron, { ...CRONER_OPTIONS, timezone: schedule.timezone });
}

function tryDescribe(expression: string): { ok: true; text: string } | { ok: false; reason: string } {
  try {
    const text = cronstrue.toString(expression, { use24HourTimeFormat: true, throwExceptionOnParseError: true });
    return { ok: true, text };
  } catch (err) {
    return { ok: false, reason: errorText(err) };
  }
}

function isAlias(value: string): value is (typeof CRON_ALIASES)[number] {
  return (CRON_ALIASES as readonly string[]).includes(value);
}

function invalidCron(message: string): { ok: false; error: ScheduleError } {
  return { ok: false, error: { code: "invalid_cron", message } };
}

// cronstrue throws strings such as "Error: minutes part must be >= 0 and <= 59".
function errorText(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).replace(/^Error:\s*/, "");
}

function assertDate(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name} must be a valid Date`);
}
