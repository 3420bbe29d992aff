/** The schedule editor's one-click cron presets, and which one (if any) an expression matches. */

/** A named cron expression the schedule form offers as a shortcut. */
export interface SchedulePreset {
  readonly id: string;
  readonly label: string;
  readonly cron: string;
}

/** The presets, in the order the form lists them. Times are wall-clock times in the schedule's zone. */
export const SCHEDULE_PRESETS = [
  { id: "every_15_minutes", label: "Every 15 minutes", cron: "*/15 * * * *" },
  { id: "hourly", label: "Hourly", cron: "0 * * * *" },
  { id: "daily_0900", label: "Daily at 09:00", cron: "0 9 * * *" },
  { id: "weekdays_0900", label: "Weekdays at 09:00", cron: "0 9 * * 1-5" },
  { id: "weekly_monday_0900", label: "Weekly on Monday at 09:00", cron: "0 9 * * 1" },
  { id: "monthly_first_0900", label: "Monthly on the 1st at 09:00", cron: "0 9 1 * *" },
] as const satisfies readonly SchedulePreset[];

/**
 * The preset whose expression is `cron` (whitespace-insensitive), or undefined for a custom one,
 * so the preset picker shows "Custom" once the person edits the expression by hand.
 * @example presetFor("0  9 * * *")?.label // "Daily at 09:00"
 */
export function presetFor(cron: string): SchedulePreset | undefined {
  const normalized = cron.trim().replace(/\s+/g, " ");
  return SCHEDULE_PRESETS.find((preset) => preset.cron === normalized);
}
