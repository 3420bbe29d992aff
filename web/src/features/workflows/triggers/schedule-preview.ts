/** The schedule form's live preview: the same parser the scheduler uses, run in the browser while typing. */

import { NEXT_RUNS_COUNT } from "../../../../../worker/contracts/schedule";
import { nextFireTimes, parseCron, parseSchedule } from "../../../../../worker/engine/schedule/cron";
import { parseTimeZone } from "../../../../../worker/engine/schedule/timezone";

/** What the preview shows: a description and the next fire times, or the problem per field. */
export type SchedulePreview =
  | { ok: true; description: string; nextRuns: string[] }
  | { ok: false; errors: { cron?: string; timezone?: string } };

/**
 * Describes `cron` in `timezone` and lists its next fire times after `now` (UTC ISO strings), or
 * says what is wrong with each field, with the messages the API would send.
 * @example schedulePreview({ cron: "0 9 * * *", timezone: "Europe/Berlin" }, new Date()).ok // true
 */
export function schedulePreview(input: { cron: string; timezone: string }, now: Date): SchedulePreview {
  const cron = parseCron(input.cron);
  const zone = parseTimeZone(input.timezone);
  if (!cron.ok || !zone.ok) {
    return {
      ok: false,
      errors: {
        ...(cron.ok ? {} : { cron: cron.error.message }),
        ...(zone.ok ? {} : { timezone: zone.error.message }),
      },
    };
  }
  // Both fields are fine alone; together they may still never fire (a time inside a DST gap).
  const parsed = parseSchedule(input);
  if (!parsed.ok) return { ok: false, errors: { cron: parsed.error.message } };
  const nextRuns = nextFireTimes(parsed.schedule, now, NEXT_RUNS_COUNT).map((date) => date.toISOString());
  return { ok: true, description: parsed.schedule.description, nextRuns };
}
