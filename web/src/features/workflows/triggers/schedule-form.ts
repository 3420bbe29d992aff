/** The schedule form's values: defaults for a new schedule, values from a saved one, and "changed since saved". */
import type { MissedRunPolicy, ScheduleInput } from "../../../../../worker/contracts/schedule";

/** What the form edits; the same shape the API takes. */
export interface ScheduleFormValues {
  cron: string;
  timezone: string;
  enabled: boolean;
  missed_run_policy: MissedRunPolicy;
}

/**
 * The form's starting values: the saved schedule's, or an empty expression in `defaultZone`
 * (the browser's zone), enabled, skipping missed runs.
 */
export function initialScheduleForm(saved: ScheduleInput | null, defaultZone: string): ScheduleFormValues {
  if (saved) {
    return {
      cron: saved.cron,
      timezone: saved.timezone,
      enabled: saved.enabled,
      missed_run_policy: saved.missed_run_policy,
    };
  }
  return { cron: "", timezone: defaultZone, enabled: true, missed_run_policy: "skip" };
}

/** True when the form differs from the saved schedule (always true when nothing is saved yet). */
export function scheduleFormChanged(values: ScheduleFormValues, saved: ScheduleInput | null): boolean {
  if (!saved) return true;
  return (
    values.cron.trim().replace(/\s+/g, " ") !== saved.cron ||
    values.timezone !== saved.timezone ||
    values.enabled !== saved.enabled ||
    values.missed_run_policy !== saved.missed_run_policy
  );
}

/** How a missed-run policy reads in the UI. */
export function missedRunLabel(policy: MissedRunPolicy): string {
  switch (policy) {
    case "skip":
      return "Skip missed runs";
    case "run_once":
      return "Run once for missed runs";
    default: {
      const _never: never = policy;
      return _never;
    }
  }
}
