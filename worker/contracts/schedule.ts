/** Contract of `PUT`/`GET /api/v1/workflows/:id/schedule`: a workflow's cron schedule. */
import { z } from "@hono/zod-openapi";
import { CRON_MAX_LENGTH, parseCron, type ScheduleError } from "../engine/schedule/cron";
import { MISSED_RUN_POLICIES } from "../engine/schedule/due";
import { parseTimeZone, TIMEZONE_MAX_LENGTH } from "../engine/schedule/timezone";

/** How many upcoming fire times a schedule response lists. */
export const NEXT_RUNS_COUNT = 5;

export const MissedRunPolicy = z.enum(MISSED_RUN_POLICIES).openapi({
  description:
    "What happens to fire times missed while the scheduler was down: `skip` drops them (a run starts only " +
    "for a time at most 60 s late); `run_once` starts one run for the latest missed time.",
});
export type MissedRunPolicy = z.infer<typeof MissedRunPolicy>;

/**
 * Body of `PUT /workflows/:id/schedule`. Checks the expression and the zone with the same code the
 * scheduler uses, so the form in the web app and the API refuse the same input; each bad field is
 * its own issue (path `cron` or `timezone`, `params.code` `invalid_cron` / `invalid_timezone`).
 */
export const ScheduleInput = z
  .object({
    cron: z
      .string()
      .min(1)
      .max(CRON_MAX_LENGTH)
      .openapi({
        description:
          "5-field cron expression (minute hour day-of-month month day-of-week) or @hourly, @daily, @weekly, " +
          "@monthly, @yearly. Seconds and @reboot are not supported.",
        example: "0 9 * * 1-5",
      }),
    timezone: z
      .string()
      .min(1)
      .max(TIMEZONE_MAX_LENGTH)
      .openapi({ description: "IANA time zone the times are read in, DST included.", example: "Europe/Berlin" }),
    enabled: z.boolean().default(true),
    missed_run_policy: MissedRunPolicy.default("skip"),
  })
  .superRefine((value, ctx) => {
    // Field-level failures (a missing cron) are already reported; only check well-typed strings.
    if (typeof value.cron === "string") {
      const cron = parseCron(value.cron);
      if (!cron.ok) addIssue(ctx, "cron", cron.error);
    }
    if (typeof value.timezone === "string") {
      const zone = parseTimeZone(value.timezone);
      if (!zone.ok) addIssue(ctx, "timezone", zone.error);
    }
  })
  .openapi("ScheduleInput");
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/** A workflow's schedule as the API returns it. */
export const ScheduleResponse = z
  .object({
    cron: z.string().openapi({ example: "0 9 * * 1-5" }),
    timezone: z.string().openapi({ example: "Europe/Berlin" }),
    enabled: z.boolean(),
    missed_run_policy: MissedRunPolicy,
    description: z.string().openapi({ example: "At 09:00, Monday through Friday" }),
    next_runs: z
      .array(z.iso.datetime())
      .length(NEXT_RUNS_COUNT)
      .openapi({ description: "The next 5 fire times after now, as UTC instants, whether or not enabled." }),
    next_run_at: z.iso
      .datetime()
      .nullable()
      .openapi({ description: "When the scheduler starts the next run; null while disabled." }),
    last_scheduled_run: z.iso
      .datetime()
      .nullable()
      .openapi({ description: "Due time of the last run the scheduler started; null if none yet." }),
  })
  .openapi("Schedule");
export type ScheduleResponse = z.infer<typeof ScheduleResponse>;

function addIssue(ctx: z.RefinementCtx, field: "cron" | "timezone", error: ScheduleError): void {
  ctx.addIssue({ code: "custom", path: [field], message: error.message, params: { code: error.code } });
}
