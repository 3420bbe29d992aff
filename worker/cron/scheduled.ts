/**
 * The minute Cron Trigger. Schedules, the stuck-run reaper and retention hang off this handler;
 * for now it logs each tick.
 */
import { log } from "../lib/log";

export async function handleScheduled(controller: ScheduledController, _env: Env): Promise<void> {
  log("info", "cron: tick", {
    cron: controller.cron,
    scheduled_time: new Date(controller.scheduledTime).toISOString(),
  });
}
