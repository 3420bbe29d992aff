/**
 * The minute Cron Trigger: re-sends overdue deliveries and wakes stuck runs (schedules and
 * retention hang off here too). Each job runs on its own, so one failing doesn't stop the others.
 */
import { sweepDeliveries } from "../automations/sweeper";
import { describeError, log } from "../lib/log";
import { reapStuckRuns } from "../runs/reaper";
import { runCronSchedules } from "../triggers/cron-schedules";

export async function handleScheduled(controller: ScheduledController, env: Env): Promise<void> {
  const now = controller.scheduledTime;
  log("info", "cron: tick", { cron: controller.cron, scheduled_time: new Date(now).toISOString() });
  const jobs = {
    deliveries: sweepDeliveries(env, now),
    reaper: reapStuckRuns(env, now),
    schedules: runCronSchedules(env, now),
  };
  const results = await Promise.allSettled(Object.values(jobs));
  for (const [index, result] of results.entries()) {
    if (result.status === "rejected") {
      log("error", "cron: job failed", { job: Object.keys(jobs)[index], error: describeError(result.reason) });
    }
  }
}
