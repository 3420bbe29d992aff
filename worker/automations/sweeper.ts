/**
 * The minute sweeper: re-enqueues deliveries whose queue message was lost (local queues don't
 * survive a `wrangler dev` restart; a publish may have failed to enqueue) or whose consumer died
 * mid-attempt. Duplicates are harmless: a consumer must claim the row before sending.
 */

import { overdueDeliveryIds } from "../db/repos/automations-deliveries";
import { dropExpiredPreviousSecrets } from "../db/repos/automations-destinations";
import { describeError, log } from "../lib/log";
import { enqueueDeliveries, type PublishEnv } from "./events";

/** A due delivery's message normally arrives within seconds; past this it is presumed lost. */
export const SWEEP_GRACE_MS = 30_000;
/** Deliveries re-enqueued per tick, so a backlog drains over a few minutes instead of one huge batch. */
export const SWEEP_LIMIT = 500;

/**
 * Re-enqueues overdue deliveries. Never throws: a failing sweep is logged and the next tick tries again.
 * @example await sweepDeliveries(env, controller.scheduledTime);
 */
export async function sweepDeliveries(env: PublishEnv, nowMs: number): Promise<{ requeued: number }> {
  try {
    const ids = await overdueDeliveryIds(env.DB, nowMs, SWEEP_GRACE_MS, SWEEP_LIMIT);
    await enqueueDeliveries(env.DELIVERIES, ids);
    await dropExpiredPreviousSecrets(env.DB, nowMs);
    if (ids.length > 0) log("info", "deliveries: sweeper re-enqueued overdue deliveries", { count: ids.length });
    return { requeued: ids.length };
  } catch (err) {
    log("error", "deliveries: sweep failed", { error: describeError(err) });
    return { requeued: 0 };
  }
}
